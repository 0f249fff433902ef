// nbgrader exchange soak (like nbexchange's soak_trial.py): 250 students, a ~4 MiB release, then fetch → submit →
// collect → feedback, at concurrency 1 and 8, through `next start` over HTTP. Needs a `next build` first.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { connectDatabase, setDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { adminQuery, databaseUrl, postgresAvailable } from "@/db/testing/postgres";
import { exchangeCourse, exchangeMember, fakeTarball } from "@/lib/exchange/testing/fixtures";
import { NbgraderClient } from "@/lib/exchange/testing/nbgrader-client";

const PORT = 3650;
const ORIGIN = `http://localhost:${PORT}`;
const STUDENTS = 250;

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

async function ok(res: Response, what: string) {
  const type = res.headers.get("content-type") ?? "";
  if (type === "application/gzip") return new Uint8Array(await res.arrayBuffer());
  const body = await res.json();
  if (!res.ok || body.success !== true) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
  return body;
}

/** Runs the exchange soak and prints p50/p95 per action, wall time and the server's peak RSS. */
export async function benchExchange() {
  if (!(await postgresAvailable())) return console.log("exchange: skipped (no PostgreSQL on 127.0.0.1:5432)");
  const dbName = `exchange_bench_${randomBytes(4).toString("hex")}`;
  await adminQuery(`create database ${dbName}`);
  const url = databaseUrl(dbName);
  const handle = connectDatabase({ driver: "pg", url });
  await migrateDatabase(handle);
  setDatabase(handle);
  const course = await exchangeCourse("SOAK 101");
  // Several markers: each instructor token has its own rate limit, as real markers would.
  const markers = await Promise.all(Array.from({ length: 8 }, (_, i) => exchangeMember(course, i ? "ta" : "instructor", `Marker ${i}`)));
  const students = [];
  for (let i = 0; i < STUDENTS; i++) students.push(await exchangeMember(course, "student", `Student ${i}`, `student${i}@example.edu`));
  await handle.close();

  const dataDir = mkdtempSync(path.join(os.tmpdir(), "lantern-bench-exchange-"));
  const server = spawn("npx", ["next", "start", "-p", String(PORT)], {
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: url, APP_ENV: "test", APP_URL: ORIGIN, DATA_DIR: dataDir, LOG_LEVEL: "warn", GRADER_MODE: "external" },
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
    const pid = Number(/pid=(\d+)/.exec(spawnSync("ss", ["-ltnpH", `sport = :${PORT}`]).stdout.toString())?.[1] ?? 0);
    console.log(`exchange soak: ${STUDENTS} students, 4 MiB release; server pid ${pid}; load ${readFileSync("/proc/loadavg", "utf8").trim()}`);
    const release = fakeTarball("soak release", 4 * 1024 * 1024);
    const marker = (i: number) => new NbgraderClient(fetch, ORIGIN, { token: markers[i % markers.length].token });
    for (const concurrency of [1, 8]) {
      const code = `soak-c${concurrency}`;
      let peak = rssMb(pid);
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
      const times: Record<string, number[]> = { release: [], fetch: [], submit: [], collections: [], collect: [], feedback: [] };
      const timed = async <T>(action: string, fn: () => Promise<T>) => {
        const t = performance.now();
        const out = await fn();
        times[action].push(performance.now() - t);
        return out;
      };
      const started = performance.now();
      await timed("release", async () => ok(await marker(0).release("SOAK 101", code, release, ["nb1"]), "release"));
      await pool(students, concurrency, async (s, i) => {
        const c = new NbgraderClient(fetch, ORIGIN, { token: s.token });
        await timed("fetch", async () => ok(await c.fetchAssignment("SOAK 101", code), "fetch"));
        const ts = new Date(Date.UTC(2030, 0, 1, 0, 0, 0, i)).toISOString();
        await timed("submit", async () => ok(await c.submit("SOAK 101", code, ts, fakeTarball(`work ${i}`, 20_000)), "submit"));
      });
      const listed = await timed("collections", async () => ok(await marker(0).collections("SOAK 101", code), "collections"));
      const entries = listed.value as { path: string; student_id: string; timestamp: string }[];
      const html = new TextEncoder().encode(`<html><body>${"feedback ".repeat(2000)}</body></html>`);
      await pool(entries, concurrency, async (e, i) => {
        await timed("collect", async () => ok(await marker(i).collect("SOAK 101", code, e.path), "collect"));
        await timed("feedback", async () =>
          ok(await marker(i).releaseFeedback({ course: "SOAK 101", assignment: code, notebook: "nb1", student: e.student_id, timestamp: e.timestamp, checksum: "k" }, html), "feedback"),
        );
      });
      const wall = (performance.now() - started) / 1000;
      clearInterval(sampler);
      console.log(`\nconcurrency ${concurrency}: wall ${wall.toFixed(1)} s, server peak RSS ${peak.toFixed(0)} MB, ${entries.length} submissions collected`);
      for (const [action, values] of Object.entries(times)) {
        console.log(`  ${action.padEnd(12)} n=${String(values.length).padStart(3)}  p50 ${percentile(values, 50).toFixed(1)} ms  p95 ${percentile(values, 95).toFixed(1)} ms`);
      }
    }
    console.log(`\nload at end: ${readFileSync("/proc/loadavg", "utf8").trim()} (other engineers were working on this machine)`);
  } finally {
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 1000));
    await adminQuery(`drop database if exists ${dbName} with (force)`).catch(() => {});
  }
}
