// DB_POOL_MAX is a hard budget: however many queries a process has in flight, it never holds more connections than
// that (the rest queue in the pool). Counted on the server in pg_stat_activity, on the local PostgreSQL.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { connectDatabase, connectOptionsFromEnv } from "./client";
import { postgresAvailable, TEST_PG_ADMIN_URL } from "./testing/postgres";
import { parseEnv } from "@/lib/env";

const applicationName = `lantern-budget-${randomBytes(4).toString("hex")}`;
const observer = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
afterAll(() => observer.end());

it("never opens more than DB_POOL_MAX connections, and every queued query still completes", async () => {
  if (!(await postgresAvailable())) throw new Error("This test needs PostgreSQL on 127.0.0.1:5432 (see STACK.md / scripts/test.mjs).");
  await observer.connect();
  const settings = parseEnv({ APP_ENV: "test", DATA_DIR: "/tmp", DATABASE_URL: TEST_PG_ADMIN_URL, DB_POOL_MAX: "3" });
  const handle = connectDatabase({ ...connectOptionsFromEnv(settings), applicationName });
  const connections = async () =>
    (await observer.query("select count(*)::int as n from pg_stat_activity where application_name = $1", [applicationName])).rows[0].n as number;
  let peak = 0;
  let running = true;
  // Sampled from a separate connection while 20 queries of 0.2 s each compete for the pool.
  const sampler = (async () => {
    while (running) peak = Math.max(peak, await connections());
  })();
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => handle.db.execute(sql`select ${i}::int as i, pg_sleep(0.2)`)));
  running = false;
  await sampler;
  expect(results).toHaveLength(20);
  expect(peak).toBe(3);
  await handle.close();
  // Backends exit just after the pool lets go of them.
  await expect.poll(connections).toBe(0);
});
