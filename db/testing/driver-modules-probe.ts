// Run by db/driver-modules.test.ts in a fresh process: opens the configured database the way every process does
// (connectOptionsFromEnv), runs one query, closes it and prints the driver and the result.
import { sql } from "drizzle-orm";
import { connectDatabase, connectOptionsFromEnv } from "@/db/client";
import { rows } from "@/db/migrate";

const handle = connectDatabase(connectOptionsFromEnv());
const result = await handle.db.execute(sql`select 41 + 1 as answer`);
await handle.close();
console.log(JSON.stringify({ driver: handle.driver, rows: rows(result) }));
