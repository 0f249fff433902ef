import { sql } from "drizzle-orm";
import { getDatabase } from "@/db";
import { migrationStatus } from "@/db/migrate";

/** Pings the database and reports its driver and whether every migration is applied. Throws when unreachable. */
export async function checkDatabase(): Promise<{ db: "pglite" | "neon" | "pg"; migrations: "current" | "pending" }> {
  const handle = getDatabase();
  await handle.db.execute(sql`select 1`);
  return { db: handle.driver, migrations: await migrationStatus(handle) };
}
