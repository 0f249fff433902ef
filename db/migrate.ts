import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migrateNeon } from "drizzle-orm/neon-serverless/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { DatabaseHandle } from "./client";

/** Where drizzle-kit writes migrations; resolved from the project root (the cwd of next, vitest and scripts). */
export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** Applies every pending migration with the driver's own migrator. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  // Each migrator is typed for its own driver's client; the handle's driver tells which one this is.
  const db = handle.db as never;
  if (handle.driver === "pglite") await migratePglite(db, config);
  else if (handle.driver === "pg") await migratePg(db, config);
  else await migrateNeon(db, config);
}

type Journal = { entries: { idx: number; when: number; tag: string }[] };

function latestMigrationTime(): number {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as Journal;
  return Math.max(0, ...journal.entries.map((e) => e.when));
}

/** "current" when the database has every committed migration, "pending" otherwise. */
export async function migrationStatus(handle: DatabaseHandle): Promise<"current" | "pending"> {
  // Drizzle records each applied migration's folder timestamp in created_at (see its migrators).
  const exists = await handle.db.execute<{ present: boolean }>(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!rows<{ present: boolean }>(exists)[0]?.present) return "pending";
  const result = await handle.db.execute<{ latest: string | null }>(
    sql`select max(created_at)::text as latest from drizzle.__drizzle_migrations`,
  );
  const latest = Number(rows<{ latest: string | null }>(result)[0]?.latest ?? 0);
  return latest >= latestMigrationTime() ? "current" : "pending";
}

/** Drivers return rows either as an array or under `.rows`; this reads both. */
export function rows<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
