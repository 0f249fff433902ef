// Student work on a fresh temporary PostgreSQL database: event ingest (batched, through the real route handler),
// the same rows through raw pg for comparison, autosave round trip (route handler in process: session, authz,
// body parsing, the version transaction; no HTTP), and server grading throughput with submit→grade latency.
// Prints numbers; asserts nothing.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { register } from "node:module";
import os from "node:os";
import path from "node:path";

const EVENT_BATCHES = 100;
const EVENTS_PER_BATCH = 200;
const AUTOSAVES = 400;
const SUBMISSIONS = 40;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const auth = globalThis as unknown as { __benchToken?: string };

async function call(fn: Handler, token: string, params: Record<string, string>, method: string, body: unknown) {
  auth.__benchToken = token;
  const res = await fn(
    new Request("http://localhost:3000/api/bench", { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    { params: Promise.resolve(params) },
  );
  if (!res.ok) throw new Error(`${method} failed: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Runs the student-work benchmark and prints its numbers. */
export async function benchStudentWork() {
  // Outside Next: `server-only` resolves to nothing and next/headers to a shim that carries the bench's bearer token.
  const shim =
    "export async function headers(){const t=globalThis.__benchToken;return new Headers(t?{authorization:'Bearer '+t}:{})}" +
    "export async function cookies(){return{get(){return undefined}}}";
  register(
    "data:text/javascript," +
      encodeURIComponent(
        `export async function resolve(s, c, n) {
          if (s === "server-only") return { url: "data:text/javascript,", shortCircuit: true };
          if (s === "next/headers" || s === "next/headers.js") return { url: ${JSON.stringify("data:text/javascript," + encodeURIComponent(shim))}, shortCircuit: true };
          return n(s, c);
        }`,
      ),
    import.meta.url,
  );
  process.env.DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "lantern-bench-"));
  process.env.LOG_LEVEL = "warn";

  const { postgresAvailable, adminQuery, databaseUrl } = await import("@/db/testing/postgres");
  if (!(await postgresAvailable())) {
    console.log("student-work: skipped (no PostgreSQL on 127.0.0.1:5432)");
    return null;
  }
  const pg = (await import("pg")).default;
  const { connectDatabase, setDatabase } = await import("@/db/client");
  const { migrateDatabase } = await import("@/db/migrate");
  const { world, SOLUTION } = await import("@/lib/submissions/test-world");
  const { person } = await import("@/lib/submissions/test-world");
  const { ensureEnrollment } = await import("@/lib/models/enrollments");
  const ensureRoute = await import("@/app/api/submissions/route");
  const filesRoute = await import("@/app/api/submissions/[submissionId]/files/route");
  const eventsRoute = await import("@/app/api/submissions/[submissionId]/events/route");
  const submitRoute = await import("@/app/api/submissions/[submissionId]/submit/route");
  const { startGradingRunner, stopGradingRunner } = await import("@/lib/grading/runner");
  const { sandboxPool } = await import("@/lib/grading/sandbox");

  const name = `lantern_bench_work_${randomBytes(4).toString("hex")}`;
  await adminQuery(`create database ${name}`);
  const handle = connectDatabase({ driver: "pg", url: databaseUrl(name), poolMax: 10 });
  try {
    await migrateDatabase(handle);
    setDatabase(handle);
    const w = await world();
    const start = async (who: { token: string }) =>
      ((await call(ensureRoute.POST as Handler, who.token, {}, "POST", { courseId: w.course.id, assignmentId: w.assignment.id })) as { submissionId: string })
        .submissionId;
    const submissionId = await start(w.alice);

    // Event ingest: batches as the editor sends them; every 10th event is a File.Edit with a new code state.
    const batches = Array.from({ length: EVENT_BATCHES }, (_, b) =>
      Array.from({ length: EVENTS_PER_BATCH }, (_, i) => {
        const edit = i % 10 === 0;
        return {
          id: randomUUID(),
          sessionId: "bench",
          type: edit ? "File.Edit" : i % 3 ? "X-Focus" : "Run.Program",
          clientTimestamp: new Date().toISOString(),
          timezone: "Europe/Berlin",
          ...(edit ? { files: [{ name: "main.py", content: `${SOLUTION}\n# edit ${b}-${i}\n` }] } : {}),
        };
      }),
    );
    let t = performance.now();
    for (const events of batches) await call(eventsRoute.POST as Handler, w.alice.token, { submissionId }, "POST", { events });
    const ingestSeconds = (performance.now() - t) / 1000;
    const eventsPerSecond = (EVENT_BATCHES * EVENTS_PER_BATCH) / ingestSeconds;

    const raw = new pg.Client({ connectionString: databaseUrl(name) });
    await raw.connect();
    t = performance.now();
    for (let b = 0; b < EVENT_BATCHES; b++) {
      const values: unknown[] = [];
      const rows = Array.from({ length: EVENTS_PER_BATCH }, (_, i) => {
        const o = i * 7;
        values.push(submissionId, w.alice.user.id, randomUUID(), "bench", "X-Focus", new Date(), "Europe/Berlin");
        return `($${o + 1},$${o + 2},$${o + 3},$${o + 4},$${o + 5},$${o + 6},$${o + 7})`;
      });
      await raw.query(
        `insert into coding_events (submission_id, user_id, client_event_id, client_session_id, event_type, client_timestamp, client_timezone) values ${rows.join(",")}`,
        values,
      );
    }
    const rawPerSecond = (EVENT_BATCHES * EVENTS_PER_BATCH) / ((performance.now() - t) / 1000);
    await raw.end();

    // Autosave round trip: each save is a new version (different content).
    const saveMs: number[] = [];
    for (let i = 0; i < AUTOSAVES; i++) {
      const files = [{ name: "main.py", content: `${SOLUTION}\n# keystroke ${i}\n` }];
      t = performance.now();
      await call(filesRoute.PUT as Handler, w.alice.token, { submissionId }, "PUT", { files, clientSavedAt: new Date().toISOString() });
      saveMs.push(performance.now() - t);
    }

    // Grading: many students submit at once; the in-process runner drains the queue on a warm pool.
    const pool = sandboxPool();
    await pool.warm();
    const students = [];
    for (let i = 0; i < SUBMISSIONS; i++) {
      const s = await person(`Student ${i}`);
      await ensureEnrollment({ courseId: w.course.id, userId: s.user.id, role: "student", source: "manual" });
      students.push({ ...s, submissionId: await start(s) });
    }
    const runner = startGradingRunner({ concurrency: 2 });
    t = performance.now();
    const submitted = new Map<string, number>();
    // Submitted one after another (the bench's next/headers shim holds one token at a time); grading overlaps.
    for (const s of students) {
      submitted.set(s.submissionId, performance.now());
      await call(submitRoute.POST as Handler, s.token, { submissionId: s.submissionId }, "POST", {
        files: [{ name: "main.py", content: SOLUTION }],
      });
    }
    runner.wake();
    const gradedAt = new Map<string, number>();
    const ids = students.map((s) => s.submissionId);
    while (gradedAt.size < ids.length) {
      const rows = await handle.db.execute<{ id: string }>(
        `select id from submissions where status = 'graded' and id in (${ids.map((id) => `'${id}'`).join(",")})`,
      );
      const now = performance.now();
      for (const r of (rows as unknown as { rows: { id: string }[] }).rows) if (!gradedAt.has(r.id)) gradedAt.set(r.id, now);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const gradingSeconds = (performance.now() - t) / 1000;
    const latencies = ids.map((id) => gradedAt.get(id)! - submitted.get(id)!);

    // One submission at a time on an idle queue: what a single student waits for.
    const single: number[] = [];
    for (const s of students.slice(0, 10)) {
      const t0 = performance.now();
      await call(submitRoute.POST as Handler, s.token, { submissionId: s.submissionId }, "POST", {
        files: [{ name: "main.py", content: `${SOLUTION}\n# resubmit\n` }],
      });
      for (;;) {
        const rows = await handle.db.execute(`select 1 from grading_jobs where submission_id = '${s.submissionId}' and status in ('queued', 'running')`);
        if ((rows as unknown as { rows: unknown[] }).rows.length === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      single.push(performance.now() - t0);
    }
    await stopGradingRunner();
    await pool.close();

    console.log(`Event ingest (pg, ${EVENT_BATCHES} batches × ${EVENTS_PER_BATCH}, route handler incl. validation and code states):`);
    console.log(`  ${eventsPerSecond.toFixed(0)} events/s; raw pg multi-row insert of the same rows: ${rawPerSecond.toFixed(0)} rows/s (${((eventsPerSecond / rawPerSecond) * 100).toFixed(0)}%)`);
    console.log(`Autosave round trip (in process, no HTTP; ${AUTOSAVES} saves): p50 ${percentile(saveMs, 50).toFixed(1)} ms, p95 ${percentile(saveMs, 95).toFixed(1)} ms`);
    console.log(
      `Server grading (${SUBMISSIONS} submissions, 5 tests each, warm pool of 2): ${(SUBMISSIONS / gradingSeconds).toFixed(2)} submissions/s; submit→grade p50 ${(percentile(latencies, 50) / 1000).toFixed(2)} s, p95 ${(percentile(latencies, 95) / 1000).toFixed(2)} s`,
    );
    console.log(`  one submission on an idle queue (10 runs): submit→grade p50 ${percentile(single, 50).toFixed(0)} ms, max ${Math.max(...single).toFixed(0)} ms`);
    return { eventsPerSecond, rawPerSecond, autosaveP50: percentile(saveMs, 50), autosaveP95: percentile(saveMs, 95), gradesPerSecond: SUBMISSIONS / gradingSeconds, gradeP95Ms: percentile(latencies, 95) };
  } finally {
    setDatabase(undefined);
    await handle.close();
    await adminQuery(`drop database if exists ${name} with (force)`);
  }
}
