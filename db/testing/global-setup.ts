import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { connectDatabase, type Driver } from "../client";
import { migrateDatabase } from "../migrate";
import { startNeonBridge } from "./neon-bridge";
import { adminQuery, databaseUrl } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    testDb: { driver: Driver; template: string; neonWsProxy?: string };
    testDbDriver: string;
  }
}

/**
 * Migrates one template database per test run; each DB test file then clones it (db/testing/test-database).
 * TEST_DB_DRIVER (read in vitest.config.ts) picks the driver: pglite (default), pg, or neon (through a local
 * WebSocket bridge).
 */
export default async function setup(project: TestProject) {
  const driver = (project.config.provide?.testDbDriver ?? "pglite") as Driver; // set in vitest.config.ts
  const started = Date.now();
  if (driver === "pglite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "lantern-template-"));
    const handle = connectDatabase({ driver: "pglite" });
    await migrateDatabase(handle);
    const dump = await (await handle.pglite!).dumpDataDir("none");
    const file = path.join(dir, "template.tar");
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await handle.close();
    project.provide("testDb", { driver, template: file });
    console.log(`[db] driver=pglite template migrated in ${Date.now() - started} ms`);
    return () => rmSync(dir, { recursive: true, force: true });
  }

  const template = `lantern_tpl_${randomBytes(4).toString("hex")}`;
  await adminQuery(`create database ${template}`);
  const handle = connectDatabase({ driver: "pg", url: databaseUrl(template) });
  await migrateDatabase(handle);
  await handle.close();
  const bridge = driver === "neon" ? await startNeonBridge() : undefined;
  project.provide("testDb", { driver, template, neonWsProxy: bridge?.url });
  console.log(`[db] driver=${driver} template ${template} migrated in ${Date.now() - started} ms`);
  return async () => {
    await bridge?.close();
    await adminQuery(`drop database if exists ${template}`);
  };
}
