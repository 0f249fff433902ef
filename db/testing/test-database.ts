import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, inject } from "vitest";
import { connectDatabase, setDatabase, type DatabaseHandle } from "../client";
import { adminQuery, databaseUrl } from "./postgres";

/**
 * Gives the calling test file its own database, cloned from the run's migrated template, and installs it as the
 * process-wide database that lib/models uses. Call once at the top of a `*.db.test.ts` file. `statementsOf(run)`
 * answers the SQL statements `run` sent (every driver logs them the same way), for tests that pin a round-trip count.
 */
export function withTestDatabase(): {
  handle: () => DatabaseHandle;
  /** The Postgres URL of this file's database (null on PGlite), for a child process that must reach it. */
  url: () => string | null;
  statementsOf: <T>(run: () => Promise<T>) => Promise<{ result: T; statements: string[] }>;
} {
  let handle: DatabaseHandle | undefined;
  let cloneName: string | undefined;
  let recording: string[] | null = null;
  const onStatement = (sql: string) => recording?.push(sql);

  beforeAll(async () => {
    const { driver, template, neonWsProxy } = inject("testDb");
    if (driver === "pglite") {
      const blob = new Blob([readFileSync(template)]);
      handle = connectDatabase({ driver, pgliteLoad: blob, onStatement });
    } else {
      cloneName = `lantern_t_${randomBytes(5).toString("hex")}`;
      await adminQuery(`create database ${cloneName} template ${template}`);
      handle = connectDatabase({ driver, url: databaseUrl(cloneName), neonWsProxy, poolMax: 5, onStatement });
    }
    setDatabase(handle);
  });

  afterAll(async () => {
    setDatabase(undefined);
    await handle?.close();
    if (cloneName) await adminQuery(`drop database if exists ${cloneName} with (force)`);
  });

  return {
    handle: () => {
      if (!handle) throw new Error("withTestDatabase: the database is only available inside tests");
      return handle;
    },
    url: () => (cloneName ? databaseUrl(cloneName) : null),
    statementsOf: async (run) => {
      const statements: string[] = [];
      recording = statements;
      try {
        return { result: await run(), statements };
      } finally {
        recording = null;
      }
    },
  };
}
