import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as s from "@/db/schema";
import { seedScale, type ScaleSeed } from "@/db/seed/scale";
import { withTestDatabase } from "@/db/testing/test-database";
import { resetEnvForTests } from "@/lib/env";
import { insertExportJob, selectExportJob } from "@/lib/models/export-jobs";
import { setStorageForTests, storage } from "@/lib/storage";
import { exportParamsSchema, storedParams } from "./params";
import { buildExportWorker } from "@/scripts/build-export-worker";
import { exportsInWorkerProcess, runExportJobIsolated, workerBundle, workerCommand } from "./worker-process";

// Exports are built in a child process (EXPORT_WORKER=process) except on the embedded database. The child is the
// real scripts/export-worker.ts, reaching this file's database and a storage directory through its environment.
const database = withTestDatabase();
let seed: ScaleSeed;
let instructorId: string;

beforeAll(async () => {
  const db = database.handle().db;
  seed = await seedScale(db, { students: 3, assignments: 1, eventsPerStudent: 20, title: "Worker test" });
  const [instructor] = await db.select({ userId: s.enrollments.userId }).from(s.enrollments).where(eq(s.enrollments.role, "instructor"));
  instructorId = instructor.userId;
  // Storage the child finds too: the configured local directory, not an in-process test double.
  vi.stubEnv("STORAGE_DIR", mkdtempSync(path.join(os.tmpdir(), "lantern-worker-test-")));
  resetEnvForTests();
  setStorageForTests(undefined);
});
afterAll(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
  setStorageForTests(undefined);
});

const queue = () =>
  insertExportJob({ kind: "events", audience: "staff", courseId: seed.courseId, requestedByUserId: instructorId, params: storedParams(exportParamsSchema.parse({})) });

describe("export worker process", () => {
  it("is not used with the embedded database, nor when EXPORT_WORKER=inline", () => {
    vi.stubEnv("DATABASE_URL", "");
    resetEnvForTests();
    expect(exportsInWorkerProcess()).toBe(false);
    vi.stubEnv("DATABASE_URL", "postgres://lantern@127.0.0.1:5432/lantern");
    resetEnvForTests();
    expect(exportsInWorkerProcess()).toBe(true);
    vi.stubEnv("EXPORT_WORKER", "inline");
    resetEnvForTests();
    expect(exportsInWorkerProcess()).toBe(false);
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("EXPORT_WORKER", "process");
    resetEnvForTests();
  });

  it("fails the job with the exit status when the worker dies without recording an outcome", async () => {
    const exited = await queue();
    expect(await runExportJobIsolated({ jobId: exited.id, inline: false, command: () => [process.execPath, "-e", "process.exit(9)"] })).toEqual({ outcome: "failed", jobId: exited.id });
    expect(await selectExportJob({ unsafeJobId: exited.id })).toMatchObject({ status: "failed", error: "export worker exited with status 9", resultKey: null });

    const killed = await queue();
    await runExportJobIsolated({ jobId: killed.id, inline: false, command: () => [process.execPath, "-e", "process.kill(process.pid, 'SIGKILL')"] });
    expect(await selectExportJob({ unsafeJobId: killed.id })).toMatchObject({ status: "failed", error: "export worker killed by SIGKILL" });

    const missing = await queue();
    await runExportJobIsolated({ jobId: missing.id, inline: false, command: () => ["/nonexistent/lantern-worker"] });
    expect((await selectExportJob({ unsafeJobId: missing.id })).error).toMatch(/^export worker could not start: /);
  });

  it("builds a claimed job in scripts/export-worker.ts and leaves a job it was not given alone", async () => {
    const url = database.url();
    // On PGlite the child could not open the database: the same call builds in this process instead.
    if (url) vi.stubEnv("DATABASE_URL", url);
    resetEnvForTests();
    expect(exportsInWorkerProcess()).toBe(url !== null);
    const job = await queue();
    const other = await queue();
    // The TypeScript under tsx even where a build left a current bundle (the next test runs that).
    expect(await runExportJobIsolated({ jobId: job.id, command: (id) => workerCommand(id, { bundle: null }) })).toEqual({ outcome: "done", jobId: job.id });
    const done = await selectExportJob({ unsafeJobId: job.id });
    const events = await database.handle().db.select({ id: s.codingEvents.id }).from(s.codingEvents);
    expect(done).toMatchObject({ status: "done", progress: 100, rowCount: events.length });
    const { body } = await storage().openRead(done.resultKey!);
    const csv = (await buffer(body)).toString("utf8");
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(events.length + 1);
    expect((await selectExportJob({ unsafeJobId: other.id })).status).toBe("queued");
    vi.stubEnv("DATABASE_URL", "");
    resetEnvForTests();
  }, 60_000);

  it("runs the bundle `npm run build` makes under plain node, and only while it matches the source", async () => {
    const url = database.url();
    if (!url) return; // The embedded database builds exports in this process.
    vi.stubEnv("DATABASE_URL", url);
    resetEnvForTests();
    // Inside the project, so Node finds the packages the bundle leaves external.
    mkdirSync(path.join(process.cwd(), ".next"), { recursive: true });
    const dir = mkdtempSync(path.join(process.cwd(), ".next", "export-worker-test-"));
    try {
      const { outfile } = await buildExportWorker({ outfile: path.join(dir, "export-worker.mjs") });
      expect(workerBundle(outfile)).toBe(outfile);
      const command = workerCommand("JOB", { bundle: outfile });
      expect(command.slice(command.indexOf(process.execPath))).toEqual([process.execPath, "--max-old-space-size=256", "--conditions=react-server", outfile, "JOB"]);

      const job = await queue();
      expect(await runExportJobIsolated({ jobId: job.id, command: (id) => workerCommand(id, { bundle: outfile }) })).toEqual({ outcome: "done", jobId: job.id });
      const done = await selectExportJob({ unsafeJobId: job.id });
      const events = await database.handle().db.select({ id: s.codingEvents.id }).from(s.codingEvents);
      expect(done).toMatchObject({ status: "done", rowCount: events.length });
      const csv = (await buffer((await storage().openRead(done.resultKey!)).body)).toString("utf8");
      expect(csv.split("\r\n").filter(Boolean)).toHaveLength(events.length + 1);

      // A source changed since the build: the TypeScript under tsx runs instead of stale code.
      const sourcesFile = path.join(dir, "export-worker.sources.json");
      const { sources } = JSON.parse(readFileSync(sourcesFile, "utf8")) as { sources: Record<string, string> };
      expect(Object.keys(sources)).toContain("scripts/export-worker.ts");
      writeFileSync(sourcesFile, JSON.stringify({ sources: { ...sources, "lib/exports/run.ts": "0".repeat(64) } }));
      expect(workerBundle(outfile)).toBeNull();
      expect(workerCommand("JOB", { bundle: workerBundle(outfile) })).toContain("tsx");
    } finally {
      rmSync(dir, { recursive: true, force: true });
      vi.stubEnv("DATABASE_URL", "");
      resetEnvForTests();
    }
  }, 60_000);
});
