// `npm run bench -- grading`: the sandboxed grader on local PostgreSQL. Submit → graded on an idle grader, sustained
// submissions per second with 200 queued (2 concurrent sandboxed processes, a fresh interpreter each), CPU per
// submission (reaped children's CPU) and the peak RSS of one grading process. Numbers only, never pass/fail.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const QUEUED = 200;
const IDLE_RUNS = 5;

function childrenCpuSeconds(): number {
  // /proc/self/stat fields 16 and 17: CPU of waited-for children (the sandboxed processes), in clock ticks.
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function samplePeakRss(state: { peakKb: number }): NodeJS.Timeout {
  return setInterval(() => {
    try {
      const out = execFileSync("ps", ["-eo", "rss=,args="], { encoding: "utf8" });
      for (const line of out.split("\n")) {
        if (!line.includes("sandbox-child.mjs student") || line.includes("bwrap") || line.includes("prlimit")) continue;
        state.peakKb = Math.max(state.peakKb, Number(line.trim().split(/\s+/)[0]));
      }
    } catch {
      // ps raced a process that exited
    }
  }, 100);
}

export async function benchGrading() {
  process.env.DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "lantern-bench-"));
  process.env.LOG_LEVEL = "warn";
  const { postgresAvailable, adminQuery, databaseUrl } = await import("@/db/testing/postgres");
  if (!(await postgresAvailable())) {
    console.log("grading: skipped (no PostgreSQL on 127.0.0.1:5432)");
    return null;
  }
  const { connectDatabase, setDatabase } = await import("@/db/client");
  const { migrateDatabase } = await import("@/db/migrate");
  const { world, person, SOLUTION } = await import("@/lib/submissions/test-world");
  const { ensureEnrollment } = await import("@/lib/models/enrollments");
  const { requireCourseRole } = await import("@/lib/auth/authz");
  const { ALL_ROLES } = await import("@/lib/auth/roles");
  const { resolveSessionToken } = await import("@/lib/auth/session");
  const { ensureOwnSubmission } = await import("@/lib/models/submissions");
  const { submitSubmission } = await import("@/lib/models/grading-jobs");
  const { runGradingJob } = await import("@/lib/grading/grade");
  const { startGradingRunner, stopGradingRunner } = await import("@/lib/grading/runner");
  const { SandboxPool } = await import("@/lib/grading/sandbox");
  const { describeLayers } = await import("@/lib/grading/sandbox-layers");

  const name = `lantern_bench_grading_${randomBytes(4).toString("hex")}`;
  await adminQuery(`create database ${name}`);
  const handle = connectDatabase({ driver: "pg", url: databaseUrl(name), poolMax: 10 });
  const pool = new SandboxPool({ size: 2 });
  try {
    await migrateDatabase(handle);
    setDatabase(handle);
    const w = await world();
    let t = performance.now();
    await pool.warm();
    const warmMs = performance.now() - t;

    const submit = async (who: { token: string }) => {
      const session = (await resolveSessionToken(who.token, "header"))!;
      const authz = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session });
      const submission = await ensureOwnSubmission({ authz, assignment: w.assignment });
      const { job } = await submitSubmission({ authz, assignment: w.assignment, submission, files: [{ name: "main.py", content: SOLUTION }], clientSavedAt: null });
      return job.id;
    };

    // Idle grader: one submission at a time, submit → graded (spare processes already started).
    const idleMs: number[] = [];
    for (let i = 0; i < IDLE_RUNS; i++) {
      t = performance.now();
      const jobId = await submit(w.alice);
      await runGradingJob({ jobId, pool });
      idleMs.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 1500)); // let the spares restart, as on an idle grader
    }

    // Sustained: 200 submissions queued by 200 students, then 2 concurrent sandboxed runs drain the queue.
    const students = [];
    for (let i = 0; i < QUEUED; i++) {
      const s = await person(`Student ${i}`);
      await ensureEnrollment({ courseId: w.course.id, userId: s.user.id, role: "student", source: "manual" });
      students.push(s);
    }
    for (const s of students) await submit(s);
    const rss = { peakKb: 0 };
    const sampler = samplePeakRss(rss);
    const cpuBefore = childrenCpuSeconds();
    const selfBefore = process.cpuUsage();
    t = performance.now();
    const holder = globalThis as unknown as { __lanternSandbox?: unknown };
    holder.__lanternSandbox = pool;
    const runner = startGradingRunner({ concurrency: 2 });
    runner.wake();
    for (;;) {
      const { rows } = (await handle.db.execute(`select count(*)::int as n from grading_jobs where status in ('queued', 'running')`)) as unknown as { rows: { n: number }[] };
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - t) / 1000;
    await stopGradingRunner();
    clearInterval(sampler);
    const childCpu = childrenCpuSeconds() - cpuBefore;
    const self = process.cpuUsage(selfBefore);
    const { rows } = (await handle.db.execute(`select count(*)::int as n, avg(score)::float as avg from submissions where status = 'graded'`)) as unknown as { rows: { n: number; avg: number }[] };

    const median = [...idleMs].sort((a, b) => a - b)[Math.floor(idleMs.length / 2)];
    console.log(`grading (${describeLayers(pool.layers)}; ${os.cpus().length} cores, shared with other work)`);
    console.log(`  snapshot + spare processes ready:        ${warmMs.toFixed(0)} ms`);
    console.log(`  idle grader, submit → graded:            median ${median.toFixed(0)} ms (runs: ${idleMs.map((m) => m.toFixed(0)).join(", ")})`);
    console.log(`  sustained, ${QUEUED} queued, 2 concurrent:     ${(QUEUED / seconds).toFixed(2)} submissions/s (${seconds.toFixed(1)} s; graded ${rows[0].n}, mean score ${rows[0].avg})`);
    console.log(`  CPU per submission in sandboxed processes: ${((childCpu / QUEUED) * 1000).toFixed(0)} ms (grader process itself: ${((self.user + self.system) / 1000 / QUEUED).toFixed(0)} ms)`);
    console.log(`  peak RSS of one student grading process: ${(rss.peakKb / 1024).toFixed(0)} MB`);
    return { idleMs: median, perSecond: QUEUED / seconds };
  } finally {
    await pool.close();
    await handle.close?.();
    await adminQuery(`drop database if exists ${name} with (force)`).catch(() => {});
  }
}
