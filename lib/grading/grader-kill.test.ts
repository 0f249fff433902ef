// A real `npm run grader` process killed with SIGKILL in the middle of a job loses nothing: its sandboxed processes
// die with it, the job's lease runs out and another grader finishes the job, with the killed claim counted as one
// attempt and one grade written. Needs the local PostgreSQL (PGlite cannot be shared between processes).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, setDatabase, type DatabaseHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { adminQuery, databaseUrl, postgresAvailable } from "@/db/testing/postgres";
import { requireCourseRole } from "@/lib/auth/authz";
import { ALL_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { selectGradeHistory } from "@/lib/models/grades";
import { selectOptionalLatestGradingJob, submitSubmission } from "@/lib/models/grading-jobs";
import { ensureOwnSubmission, selectOwnSubmission } from "@/lib/models/submissions";
import { SOLUTION, world } from "@/lib/submissions/test-world";

const ROOT = path.resolve(import.meta.dirname, "../..");
const name = `lantern_t_kill_${randomBytes(4).toString("hex")}`;
let handle: DatabaseHandle;
const graders: ChildProcess[] = [];

beforeAll(async () => {
  if (!(await postgresAvailable())) throw new Error("This test needs PostgreSQL on 127.0.0.1:5432 (see STACK.md / scripts/test.mjs).");
  await adminQuery(`create database ${name}`);
  handle = connectDatabase({ driver: "pg", url: databaseUrl(name), poolMax: 3 });
  await migrateDatabase(handle);
  setDatabase(handle);
}, 120_000);

afterAll(async () => {
  for (const g of graders) g.kill("SIGKILL");
  setDatabase(undefined);
  await handle?.close();
  await adminQuery(`drop database if exists ${name} with (force)`);
});

/** `npm run grader` (the same script) on the test database, resolved once it says it started. */
async function startGrader(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", path.join(ROOT, "scripts", "grader.ts")], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      PATH: process.env.PATH,
      APP_ENV: "test",
      NODE_ENV: "test",
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "lantern-grader-kill-")),
      DATABASE_URL: databaseUrl(name),
      GRADER_MODE: "external",
      GRADER_CONCURRENCY: "1",
      LOG_LEVEL: "info",
    },
  });
  graders.push(child);
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.on("exit", (code) => reject(new Error(`grader exited (${code}): ${out.slice(-2000)}`)));
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes('"grader started"')) resolve();
    });
  });
  return child;
}

/** Every process below `pid` (the grader's sandboxed grading processes). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone while listing
    }
  }
  const out: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length) {
    const p = queue.shift()!;
    out.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return out;
}

const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

/** Polls `check` (bounded: 120 s) until it holds. */
async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 2400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting: ${what}`);
}

describe("a grader killed mid-job", { timeout: 400_000 }, () => {
  it("loses nothing: the lease expires, another grader finishes the job, the killed claim is one attempt", async () => {
    const w = await world({ gradingTimeLimitMs: 60_000 });
    const session = (await resolveSessionToken(w.alice.token, "header"))!;
    const authz = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session });
    const submission = await ensureOwnSubmission({ authz, assignment: w.assignment });
    // A correct program that takes a while at import, so the grader is certainly mid-job when it is killed.
    const slow = `import time\n_t = time.time()\nwhile time.time() - _t < 2:\n    pass\n${SOLUTION}`;

    const first = await startGrader();
    await submitSubmission({ authz, assignment: w.assignment, submission, files: [{ name: "main.py", content: slow }], clientSavedAt: null });
    const job = () => selectOptionalLatestGradingJob({ submission });
    await until("the first grader claims the job", async () => (await job())?.status === "running");
    const sandboxed = descendants(first.pid!);
    expect(sandboxed.length).toBeGreaterThan(0);
    first.kill("SIGKILL");
    await until("the killed grader's sandboxed processes end", () => sandboxed.every((pid) => !alive(pid)));

    // Killed mid-job: still claimed by the dead grader, one attempt used, no grade.
    expect(await job()).toMatchObject({ status: "running", attempts: 1 });
    expect((await selectOwnSubmission({ session, unsafeSubmissionId: submission.id })).status).not.toBe("graded");

    // The lease (120 s) runs out: moved into the past here rather than waited for.
    await handle.db.execute(sql`update grading_jobs set locked_until = now() - interval '1 second' where status = 'running'`);
    const second = await startGrader();
    await until("another grader finishes the job", async () => (await job())?.status === "done");
    second.kill("SIGTERM");

    expect(await job()).toMatchObject({ status: "done", attempts: 2 });
    const graded = await selectOwnSubmission({ session, unsafeSubmissionId: submission.id });
    expect(graded).toMatchObject({ status: "graded", score: 10 });
    expect(await selectGradeHistory({ submission: graded })).toHaveLength(1);
  });
});
