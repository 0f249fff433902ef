// The course gradebook at the size (1,000 students × 20 assignments) through `next start` over HTTP, as an
// instructor's browser asks for it: GET /courses/{id}/gradebook with a session cookie, sorted and filtered several
// ways, each timed to the last byte (the page streams; server time on loopback is what the browser waits for).
// Compared in the same run with GET /api/health (the bare route), the roster page (100 rows, no cells) and the
// per-assignment submissions table; the course dashboard is timed too. Needs PostgreSQL on 127.0.0.1:5432 and a
// `next build`. GRADEBOOK_BENCH_DATABASE_URL reuses (and, the first time, seeds) a database; otherwise a fresh one
// is seeded (`seedScale`, as `npm run seed:scale` does) and dropped. Prints numbers; asserts nothing.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { connectDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import * as s from "@/db/schema";
import { seedScale } from "@/db/seed/scale";
import { adminQuery, databaseUrl, postgresAvailable } from "@/db/testing/postgres";

const PORT = 3510;
const ORIGIN = `http://localhost:${PORT}`;
const TITLE = "Gradebook bench course";
const STUDENTS = 1000;
const ASSIGNMENTS = 20;
const RUNS = 15;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

async function timeGet(url: string, cookie: string): Promise<{ ms: number; status: number; bytes: number }> {
  const t = performance.now();
  const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const bytes = (await response.arrayBuffer()).byteLength;
  return { ms: performance.now() - t, status: response.status, bytes };
}

async function series(label: string, url: string, cookie: string) {
  for (let i = 0; i < 3; i++) await timeGet(url, cookie); // warm-up: compiled routes, pooled connections, plans
  const times: number[] = [];
  let last = { status: 0, bytes: 0 };
  for (let i = 0; i < RUNS; i++) {
    const r = await timeGet(url, cookie);
    times.push(r.ms);
    last = r;
  }
  console.log(
    `${label.padEnd(44)} p50 ${percentile(times, 50).toFixed(0).padStart(5)} ms  p95 ${percentile(times, 95).toFixed(0).padStart(5)} ms  ` +
      `(HTTP ${last.status}, ${(last.bytes / 1024).toFixed(0)} KiB, ${RUNS} runs)`,
  );
  return percentile(times, 50);
}

/** Runs the gradebook benchmark and prints its numbers. */
export async function benchGradebook() {
  if (!(await postgresAvailable())) {
    console.log("gradebook: skipped (no PostgreSQL on 127.0.0.1:5432)");
    return;
  }
  let url = process.env.GRADEBOOK_BENCH_DATABASE_URL;
  let dropName: string | null = null;
  if (!url) {
    dropName = `lantern_bench_gradebook_${randomBytes(4).toString("hex")}`;
    await adminQuery(`create database ${dropName}`);
    url = databaseUrl(dropName);
  }
  const handle = connectDatabase({ driver: "pg", url });
  await migrateDatabase(handle);
  let [course] = await handle.db.select().from(s.courses).where(sql`${s.courses.title} = ${TITLE}`).limit(1);
  if (!course) {
    const t = Date.now();
    const seeded = await seedScale(handle.db, { students: STUDENTS, assignments: ASSIGNMENTS, eventsPerStudent: 40, title: TITLE });
    console.log(`seeded ${STUDENTS} students × ${ASSIGNMENTS} assignments (${seeded.events} events) in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    [course] = await handle.db.select().from(s.courses).where(sql`${s.courses.id} = ${seeded.courseId}`);
  }
  // The scale seed has no LMS deliveries: give every graded submission one (5% failed), as a course that syncs
  // grades has, so the gradebook's sync marks read real rows.
  await handle.db.execute(sql`
    insert into grade_outbox (submission_id, score_given, score_maximum, changed_at, status, delivered_at, attempts)
    select x.id, x.score, a.points, now(), case when random() < 0.05 then 'failed' else 'delivered' end, now(), 1
    from submissions x join assignments a on a.id = x.assignment_id
    where x.course_id = ${course.id} and x.score is not null and not exists (select 1 from grade_outbox go where go.submission_id = x.id)`);
  await handle.db.execute(sql`analyze`);
  const counts = (await handle.db.execute(sql`
    select (select count(*)::int from enrollments where course_id = ${course.id}) as members,
      (select count(*)::int from submissions where course_id = ${course.id}) as submissions,
      (select count(*)::int from grade_outbox go join submissions x on x.id = go.submission_id where x.course_id = ${course.id}) as outbox,
      (select id from assignments where course_id = ${course.id} order by position limit 1) as first_assignment`)) as unknown as {
    rows: { members: number; submissions: number; outbox: number; first_assignment: string }[];
  };
  const { members, submissions, outbox, first_assignment: firstAssignment } = counts.rows[0];
  await handle.close();

  const dataDir = mkdtempSync(path.join(os.tmpdir(), "lantern-bench-gradebook-"));
  const server = spawn("npx", ["next", "start", "-p", String(PORT)], {
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: url, APP_ENV: "test", ENABLE_TEST_LOGIN: "1", APP_URL: ORIGIN, DATA_DIR: dataDir, LOG_LEVEL: "warn" },
  });
  try {
    for (let i = 0; i < 480; i++) {
      try {
        if ((await fetch(`${ORIGIN}/api/health`)).ok) break;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const login = await fetch(`${ORIGIN}/api/test/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key: "bench-gradebook-instructor", name: "Bench Instructor", courseId: course.id, role: "instructor" }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
    console.log(
      `gradebook bench: ${members} members, ${submissions} submissions, ${outbox} LMS deliveries; ` +
        `load average at start: ${spawnSync("cat", ["/proc/loadavg"]).stdout.toString().trim()}`,
    );
    const base = `${ORIGIN}/courses/${course.id}`;
    const health = await series("GET /api/health (baseline)", `${ORIGIN}/api/health`, cookie);
    const roster = await series("roster page (100 rows, comparison)", `${base}/roster`, cookie);
    const results: [string, number][] = [];
    for (const [label, query] of [
      ["gradebook: by name, page 1", ""],
      ["gradebook: by total, descending", "?sort=total&dir=desc"],
      ["gradebook: by one assignment's score", `?sort=${firstAssignment}&dir=desc`],
      ["gradebook: by last launch, page 10", "?sort=lastLaunch&page=10"],
      ["gradebook: search 'Student 1'", "?q=Student%201"],
    ] as const) {
      results.push([label, await series(label, `${base}/gradebook${query}`, cookie)]);
    }
    await series("submissions table of one assignment", `${base}/assignments/${firstAssignment}/submissions`, cookie);
    await series("course dashboard", `${base}/dashboard`, cookie);
    const worst = Math.max(...results.map(([, ms]) => ms));
    console.log(`gradebook p50, worst variant: ${worst.toFixed(0)} ms (roster page ${roster.toFixed(0)} ms, health ${health.toFixed(0)} ms)`);
    console.log(`load average at end: ${spawnSync("cat", ["/proc/loadavg"]).stdout.toString().trim()}`);
  } finally {
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    if (dropName) await adminQuery(`drop database if exists ${dropName} with (force)`);
  }
}
