// `npm run bench -- scale`: throughput of one `next start` instance against two, on this machine, in the same run.
// Both setups serve the same PostgreSQL database through the same round-robin proxy (e2e/cluster/proxy.ts); only
// the number of backends changes. The load is the editor's steady state, what a class produces while working:
// autosaves (PUT /api/submissions/:id/files, a new version each time) and work polls (GET /api/submissions/:id),
// 1:1, from CLIENTS closed-loop clients, each a different student with a Bearer session token.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startRoundRobinProxy, type Backend } from "../e2e/cluster/proxy";
import { buildIfStale, startLantern, type Server } from "./launch/servers";
import { cpuSeconds, loadAverage, machineBusySeconds, percentile, processTree } from "./launch/proc";

const PROXY = 3770;
const PORTS = [3771, 3772];
const STUDENTS = Number(process.env.BENCH_SCALE_STUDENTS ?? 64);
const CLIENTS = Number(process.env.BENCH_SCALE_CLIENTS ?? 32);
const SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 15);
const POOL = Number(process.env.BENCH_SCALE_POOL ?? 10);
const WARMUP_SECONDS = 5;

export async function benchScale() {
  process.env.DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "lantern-bench-scale-"));
  process.env.LOG_LEVEL = "warn";
  const { postgresAvailable, adminQuery, databaseUrl } = await import("@/db/testing/postgres");
  if (!(await postgresAvailable())) throw new Error("bench scale needs PostgreSQL on 127.0.0.1:5432");
  const name = `lantern_bench_scale_${randomBytes(4).toString("hex")}`;
  await adminQuery(`create database ${name}`);
  const url = databaseUrl(name);
  const { connectDatabase, setDatabase } = await import("@/db/client");
  const { migrateDatabase } = await import("@/db/migrate");
  const { world, person } = await import("@/lib/submissions/test-world");
  const { ensureEnrollment } = await import("@/lib/models/enrollments");
  const { requireCourseRole } = await import("@/lib/auth/authz");
  const { ALL_ROLES } = await import("@/lib/auth/roles");
  const { resolveSessionToken } = await import("@/lib/auth/session");
  const { ensureOwnSubmission } = await import("@/lib/models/submissions");
  if (process.env.BENCH_REUSE_BUILD !== "1") buildIfStale();

  const handle = connectDatabase({ driver: "pg", url, poolMax: 4 });
  setDatabase(handle);
  const servers: Server[] = [];
  try {
    await migrateDatabase(handle);
    const w = await world();
    const students: { token: string; submissionId: string }[] = [];
    for (let i = 0; i < STUDENTS; i++) {
      const s = await person(`Student ${i}`);
      await ensureEnrollment({ courseId: w.course.id, userId: s.user.id, role: "student", source: "manual" });
      const session = (await resolveSessionToken(s.token, "header"))!;
      const authz = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session });
      students.push({ token: s.token, submissionId: (await ensureOwnSubmission({ authz, assignment: w.assignment })).id });
    }

    const env = {
      APP_ENV: "production",
      NODE_ENV: "production",
      APP_URL: `http://localhost:${PROXY}`,
      DATABASE_URL: url,
      DB_POOL_MAX: String(POOL),
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AUTH_TRUST_HOST: "true",
      KEY_ENCRYPTION_SECRET: randomBytes(32).toString("base64url"),
      GRADER_MODE: "external",
      LOG_LEVEL: "warn",
    };
    for (const port of PORTS) servers.push(await startLantern({ port, env: { ...env, DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "lantern-bench-scale-web-")) } }));
    const backends: Backend[] = PORTS.map((port, i) => ({ name: `web-${i + 1}`, port, down: false }));
    // No readiness checks: each phase takes backends out of rotation itself (below).
    const proxy = await startRoundRobinProxy({ port: PROXY, backends, checkPath: null });
    const origin = `http://localhost:${PROXY}`;

    let counter = 0;
    const request = async (s: { token: string; submissionId: string }, save: boolean) => {
      const res = save
        ? await fetch(`${origin}/api/submissions/${s.submissionId}/files`, {
            method: "PUT",
            headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json" },
            body: JSON.stringify({ files: [{ name: "main.py", content: `# edit ${counter++}\nprint('hello')\n` }], clientSavedAt: new Date().toISOString() }),
          })
        : await fetch(`${origin}/api/submissions/${s.submissionId}`, { headers: { authorization: `Bearer ${s.token}` } });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${save ? "save" : "poll"} answered ${res.status}`);
    };

    const run = async (label: string, instances: number) => {
      backends.forEach((b, i) => (b.down = i >= instances));
      // Warm-up at full load (JIT, connection pools, Postgres plans) on every instance in use, not measured.
      const warm = performance.now() + WARMUP_SECONDS * 1000;
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          for (let n = c; performance.now() < warm; n += CLIENTS) await request(students[n % STUDENTS], n % 2 === 0).catch(() => {});
        }),
      );
      const pids = servers.slice(0, instances).flatMap((s) => processTree(s.pid));
      const cpu0 = cpuSeconds(pids);
      const busy0 = machineBusySeconds();
      const latencies: number[] = [];
      const end = performance.now() + SECONDS * 1000;
      let errors = 0;
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          let n = c;
          while (performance.now() < end) {
            const t = performance.now();
            try {
              await request(students[n % STUDENTS], n % 2 === 0);
              latencies.push(performance.now() - t);
            } catch {
              errors++;
            }
            n += CLIENTS;
          }
        }),
      );
      const rate = latencies.length / SECONDS;
      const cpu = cpuSeconds(pids) - cpu0;
      const busy = machineBusySeconds() - busy0;
      console.log(
        `  ${label}: ${rate.toFixed(0)} req/s, p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, ` +
          `${errors} errors; web CPU ${((cpu / SECONDS) * 100).toFixed(0)} %, whole machine ${((busy / SECONDS) * 100).toFixed(0)} % of one core (load ${loadAverage()})`,
      );
      return rate;
    };

    console.log(`scale: ${CLIENTS} clients, ${STUDENTS} students, ${SECONDS} s per setup, DB_POOL_MAX=${POOL}, ${os.cpus().length} cores`);
    // Alternated, so drift in the machine's other load affects both setups alike.
    const ones: number[] = [];
    const twos: number[] = [];
    for (let round = 1; round <= 2; round++) {
      ones.push(await run(`round ${round}, 1 instance `, 1));
      twos.push(await run(`round ${round}, 2 instances`, 2));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(`  2 instances / 1 instance: ${(mean(twos) / mean(ones)).toFixed(2)}× throughput (means of ${ones.length} alternated runs)`);
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    proxy.closeAllConnections();
  } finally {
    for (const s of servers) s.stop();
    await handle.close();
    await new Promise((r) => setTimeout(r, 500));
    await adminQuery(`drop database if exists ${name} with (force)`).catch(() => {});
  }
}
