import { sql } from "drizzle-orm";
import { describe, expect, inject, it, vi } from "vitest";
import { log } from "@/lib/log";
import { connectDatabase } from "./client";
import { rows } from "./migrate";
import { adminQuery, TEST_PG_ADMIN_URL } from "./testing/postgres";

// Pooled drivers only (PGlite has no connections to lose): on PGlite runs this uses the pg driver against the
// local PostgreSQL, on Neon runs the Neon driver through the test bridge.
function pooledHandle(sessionSettings?: Record<string, string>) {
  const { driver, neonWsProxy } = inject("testDb");
  return driver === "neon"
    ? connectDatabase({ driver: "neon", url: TEST_PG_ADMIN_URL, neonWsProxy, poolMax: 2, sessionSettings })
    : connectDatabase({ driver: "pg", url: TEST_PG_ADMIN_URL, poolMax: 2, sessionSettings });
}

describe("database connections", () => {
  it("a connection killed inside a transaction fails that transaction, not the process", async () => {
    const handle = pooledHandle();
    const warn = vi.spyOn(log, "warn");
    try {
      const failed = handle.db.transaction(async (tx) => {
        const [{ pid }] = rows<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`));
        await adminQuery(`select pg_terminate_backend(${Number(pid)})`);
        // The server's FATAL arrives between queries, as an "error" event on the checked-out client.
        await vi.waitFor(() => expect(warn).toHaveBeenCalled(), { timeout: 5000 }).catch(() => {});
        await tx.execute(sql`select 1`);
      });
      await expect(failed).rejects.toThrow();
      expect(warn).toHaveBeenCalledWith("database connection failed while in use", expect.objectContaining({ code: "57P01" }));
      // The pool dropped the broken client: the next query gets a working connection.
      expect(rows<{ ok: number }>(await handle.db.execute(sql`select 1 as ok`))).toEqual([{ ok: 1 }]);
    } finally {
      warn.mockRestore();
      await handle.close();
    }
  });

  it("every new connection starts with the handle's session settings, before its first query", async () => {
    const handle = pooledHandle({ plan_cache_mode: "force_generic_plan" });
    const plain = pooledHandle();
    try {
      // Two at once: two connections, each set before the query it was opened for.
      const shown = await Promise.all(
        [1, 2].map(() => handle.db.transaction(async (tx) => rows<{ mode: string }>(await tx.execute(sql`select current_setting('plan_cache_mode') as mode`))[0].mode)),
      );
      expect(shown).toEqual(["force_generic_plan", "force_generic_plan"]);
      expect(rows<{ mode: string }>(await plain.db.execute(sql`select current_setting('plan_cache_mode') as mode`))[0].mode).toBe("auto");
      expect(() => connectDatabase({ driver: "pg", url: TEST_PG_ADMIN_URL, sessionSettings: { work_mem: "1; drop table users" } })).toThrow("not a session setting");
    } finally {
      await Promise.all([handle.close(), plain.close()]);
    }
  });
});
