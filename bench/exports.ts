// 1,000,000 coding events to CSV and to ProgSnap2 through `next start` over HTTP, as a script or the exports page
// would: POST /api/courses/{id}/exports, poll the job, download the file. Meanwhile a prober times GET /api/health
// (the bare route) every 50 ms; its p95 is compared with the same probe on the idle server. The server's RSS is
// sampled from /proc every 100 ms. Needs PostgreSQL on 127.0.0.1:5432. EXPORT_BENCH_DATABASE_URL reuses a database
// already seeded by `npm run seed:scale` (its "Bench course"); otherwise a fresh one is seeded (1,000 students ×
// 10 assignments × 1,000 events, about 15 minutes on a loaded 2-core machine). Prints numbers; asserts nothing.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { connectDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import * as s from "@/db/schema";
import { analyzeScaleSeed, seedScale } from "@/db/seed/scale";
import { adminQuery, databaseUrl, postgresAvailable } from "@/db/testing/postgres";
import { processTree, rssMb } from "./launch/proc";

const PORT = 3560;
const ORIGIN = `http://localhost:${PORT}`;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

function listeningPid(port: number): number | null {
  const out = spawnSync("ss", ["-ltnpH", `sport = :${port}`]).stdout.toString();
  const m = /pid=(\d+)/.exec(out);
  return m ? Number(m[1]) : null;
}


/** The export worker processes under the server and their children (tsx's esbuild service). */
function exportWorkers(serverPid: number): number[] {
  const workers = processTree(serverPid).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, "utf8").includes("export-worker");
    } catch {
      return false;
    }
  });
  return [...new Set(workers.flatMap((w) => processTree(w)))];
}

async function probe(stop: () => boolean, minSamples = 0): Promise<number[]> {
  const times: number[] = [];
  while (!stop() || times.length < minSamples) {
    const t = performance.now();
    await (await fetch(`${ORIGIN}/api/health`)).arrayBuffer();
    times.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 50));
  }
  return times;
}

/** Runs the export benchmark and prints its numbers. */
export async function benchExports() {
  if (!(await postgresAvailable())) {
    console.log("exports: skipped (no PostgreSQL on 127.0.0.1:5432)");
    return;
  }
  let url = process.env.EXPORT_BENCH_DATABASE_URL;
  let dropName: string | null = null;
  if (!url) {
    dropName = `lantern_bench_exports_${randomBytes(4).toString("hex")}`;
    await adminQuery(`create database ${dropName}`);
    url = databaseUrl(dropName);
  }
  const handle = connectDatabase({ driver: "pg", url });
  await migrateDatabase(handle);
  let [course] = await handle.db.select().from(s.courses).where(sql`${s.courses.title} = 'Bench course'`).limit(1);
  if (!course) {
    const t = Date.now();
    const seeded = await seedScale(handle.db, { students: 1000, assignments: 10, eventsPerStudent: 1000, title: "Bench course" });
    console.log(`seeded ${seeded.events} events, ${seeded.codeStates} code states in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    [course] = await handle.db.select().from(s.courses).where(sql`${s.courses.id} = ${seeded.courseId}`);
  }
  // As after any bulk load (and as autovacuum would in time): a database seeded by an older seed:scale, or here,
  // has no planner statistics until analyzed (db/seed/scale.ts). A few seconds when already done.
  const analyzing = Date.now();
  await analyzeScaleSeed(handle.db);
  console.log(`vacuum (analyze) of the seeded tables: ${((Date.now() - analyzing) / 1000).toFixed(1)} s`);
  const counted = (await handle.db.execute(sql`select count(*)::int as n from coding_events e join submissions x on x.id = e.submission_id where x.course_id = ${course.id}`)) as unknown as { rows: { n: number }[] };
  const events = counted.rows[0].n;
  await handle.close();

  const dataDir = mkdtempSync(path.join(os.tmpdir(), "lantern-bench-exports-"));
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
    const pid = listeningPid(PORT);
    const login = (await (await fetch(`${ORIGIN}/api/test/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ key: "bench-exporter", name: "Bench Exporter", courseId: course.id, role: "instructor" }) })).json()) as { token: string };
    const auth = { authorization: `Bearer ${login.token}`, "content-type": "application/json" };
    const load = spawnSync("cat", ["/proc/loadavg"]).stdout.toString().trim();
    console.log(`exports bench: ${events} events in the course; server pid ${pid}; load average at start: ${load}`);

    // The server warms the grader's sandboxes as it starts: let that finish before timing the idle server.
    await new Promise((r) => setTimeout(r, 20_000));
    const idle = await probe(() => true, 200);
    const idleP95 = percentile(idle, 95);
    console.log(`idle  GET /api/health: p50 ${percentile(idle, 50).toFixed(1)} ms, p95 ${idleP95.toFixed(1)} ms (${idle.length} requests)`);
    for (const [kind, audience] of [["events", "staff"], ["events", "research"], ["progsnap2", "research"]] as const) {
      const baseline = pid ? rssMb([pid]) : NaN;
      let peak = baseline;
      // The export worker (EXPORT_WORKER=process) is a child of the server, beside the grader's warm sandboxes.
      let workerPeak = 0;
      const sampler = setInterval(() => {
        if (!pid) return;
        peak = Math.max(peak, rssMb([pid]));
        workerPeak = Math.max(workerPeak, rssMb(exportWorkers(pid)));
      }, 100);
      let finished = false;
      const probing = probe(() => finished);
      const started = performance.now();
      const job = (await (await fetch(`${ORIGIN}/api/courses/${course.id}/exports`, { method: "POST", headers: auth, body: JSON.stringify({ kind, audience }) })).json()) as { id: string };
      let status: { status: string; bytes: number; rows: number } = { status: "queued", bytes: 0, rows: 0 };
      while (status.status === "queued" || status.status === "running") {
        await new Promise((r) => setTimeout(r, 250));
        status = await (await fetch(`${ORIGIN}/api/exports/${job.id}`, { headers: auth })).json();
      }
      const built = (performance.now() - started) / 1000;
      finished = true;
      const during = await probing;
      clearInterval(sampler);
      const t = performance.now();
      const download = await fetch(`${ORIGIN}/api/exports/${job.id}/download`, { headers: auth });
      const bytes = (await download.arrayBuffer()).byteLength;
      const downloadSeconds = (performance.now() - t) / 1000;
      const p95 = percentile(during, 95);
      console.log(
        `${kind} (${audience}): ${status.status} in ${built.toFixed(1)} s, ${status.rows} rows, ${(bytes / 1e6).toFixed(1)} MB (download ${downloadSeconds.toFixed(1)} s); ` +
          `server RSS ${baseline.toFixed(0)} → peak ${peak.toFixed(0)} MB (+${(peak - baseline).toFixed(0)}), export worker peak ${workerPeak.toFixed(0)} MB; ` +
          `health p95 meanwhile ${p95.toFixed(1)} ms = ${(p95 / idleP95).toFixed(2)}× idle (${during.length} requests)`,
      );
    }
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
