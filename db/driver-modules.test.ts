import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TEST_PG_ADMIN_URL } from "./testing/postgres";

// Every process on PostgreSQL (web, grader, export worker, CLIs) imports db/client.ts; the PGlite and Neon drivers must
// not come with it (issue 15: PGlite alone cost the export worker ~40 MB of RSS). A fresh process opens the database
// as the app does, runs a query, and reports every module it loaded.
function probe(env: Record<string, string>): { output: { driver: string; rows: { answer: number }[] }; modules: string[] } {
  const trace = path.join(mkdtempSync(path.join(os.tmpdir(), "lantern-module-trace-")), "modules.txt");
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "--import", "./db/testing/module-trace.mjs", "--conditions=react-server", "db/testing/driver-modules-probe.ts"],
    { env: { ...process.env, DATABASE_URL: "", DATABASE_DRIVER: "", ...env, MODULE_TRACE_FILE: trace, LOG_LEVEL: "warn" }, encoding: "utf8", timeout: 60_000 },
  );
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return { output: JSON.parse(result.stdout), modules: readFileSync(trace, "utf8").split("\n").filter(Boolean) };
}

const loads = (modules: string[], pkg: string) => modules.some((url) => url.includes(`/node_modules/${pkg}/`));

describe("database driver modules", () => {
  it("a process on PostgreSQL (pg driver) loads neither PGlite nor Neon's driver", () => {
    const { output, modules } = probe({ DATABASE_URL: TEST_PG_ADMIN_URL });
    expect(output).toEqual({ driver: "pg", rows: [{ answer: 42 }] });
    expect(loads(modules, "pg")).toBe(true);
    expect(loads(modules, "drizzle-orm")).toBe(true);
    expect(loads(modules, "@electric-sql/pglite")).toBe(false);
    // Drizzle's driver modules import their database's package (its migrators, db/migrate.ts's, import nothing).
    expect(modules.filter((url) => /\/drizzle-orm\/(pglite|neon-serverless)\/(index|driver|session)\.js$/.test(url))).toEqual([]);
    expect(loads(modules, "@neondatabase/serverless")).toBe(false);
    expect(loads(modules, "ws")).toBe(false);
  });

  it("the embedded database loads PGlite when chosen, and its first query waits for it", () => {
    const { output, modules } = probe({ DATABASE_DRIVER: "pglite", PGLITE_DIR: "memory://" });
    expect(output).toEqual({ driver: "pglite", rows: [{ answer: 42 }] });
    expect(loads(modules, "@electric-sql/pglite")).toBe(true);
    expect(loads(modules, "@neondatabase/serverless")).toBe(false);
  });
});
