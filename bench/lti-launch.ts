// LTI 1.3 login + launch pairs per second and latency percentiles, on PostgreSQL (pg driver), with the platform
// keyset cached (the first launch fetches it once). Each pair is what a browser does: OIDC login initiation → the
// platform signs an id_token (done here, in-process, by a test platform) → form_post launch → provisioning, session,
// redirect. Prints numbers; asserts nothing.
import { register } from "node:module";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";

const PAIRS = 2_000;
const WARMUP = 100;
const CONCURRENCY = 16;
const USERS = 300;

/** CPU seconds used so far by the PostgreSQL backends serving `database` (Linux /proc; null elsewhere). */
async function postgresCpuSeconds(database: string, query: (sql: string) => Promise<{ pid: number }[]>): Promise<number | null> {
  try {
    const rows = await query(`select pid from pg_stat_activity where datname = '${database}'`);
    const ticks = 100; // USER_HZ on Linux
    let total = 0;
    for (const { pid } of rows) {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / ticks; // utime + stime
    }
    return total;
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs the LTI launch benchmark against a fresh temporary database on the local PostgreSQL. */
export async function benchLtiLaunch(): Promise<Record<string, number | null> | null> {
  // lib/models imports db/index.ts, which is marked `server-only`; outside Next that marker must resolve to nothing.
  register(
    "data:text/javascript," +
      encodeURIComponent(
        'export async function resolve(s, c, n) { return s === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : n(s, c); }',
      ),
    import.meta.url,
  );
  process.env.DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "lantern-bench-"));
  process.env.LOG_LEVEL = "warn"; // one info line per launch would measure the console, not the launch

  const { postgresAvailable, adminQuery, databaseUrl } = await import("@/db/testing/postgres");
  if (!(await postgresAvailable())) {
    console.log("lti-launch: skipped (no PostgreSQL on 127.0.0.1:5432)");
    return null;
  }
  const { connectDatabase, setDatabase } = await import("@/db/client");
  const { migrateDatabase } = await import("@/db/migrate");
  const { createTestPlatform } = await import("@/lib/lti/testing/test-platform");
  const { CLAIM } = await import("@/lib/lti/claims");

  const name = `lantern_bench_lti_${randomBytes(4).toString("hex")}`;
  await adminQuery(`create database ${name}`);
  const handle = connectDatabase({ driver: "pg", url: databaseUrl(name), poolMax: 10 });
  const { default: pg } = await import("pg");
  const pgAdmin = new pg.Client({ connectionString: databaseUrl("postgres") });
  await pgAdmin.connect();
  try {
    await migrateDatabase(handle);
    setDatabase(handle);
    const lms = await createTestPlatform();
    const roles = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"];

    async function pair(i: number): Promise<{ toolMs: number }> {
      let t = performance.now();
      const login = await lms.login();
      let toolMs = performance.now() - t;
      const token = await lms.sign(
        lms.claims(login.nonce, { sub: `student-${i % USERS}`, [CLAIM.roles]: roles, [CLAIM.resourceLink]: { id: `rl-${i % 5}` } }),
      );
      t = performance.now();
      const response = await lms.launch({ id_token: token, state: login.state }, login.cookie);
      toolMs += performance.now() - t;
      if (response.status !== 303) throw new Error(`launch ${i} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      return { toolMs };
    }

    async function run(count: number, offset: number): Promise<{ seconds: number; toolMs: number[] }> {
      const toolMs: number[] = [];
      let next = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < count) {
            const i = next++;
            toolMs.push((await pair(offset + i)).toolMs);
          }
        }),
      );
      return { seconds: (performance.now() - start) / 1000, toolMs };
    }

    await run(WARMUP, 0);
    const pgQuery = async (sql: string) => (await pgAdmin.query(sql)).rows as { pid: number }[];
    const pgBefore = await postgresCpuSeconds(name, pgQuery);
    const cpuBefore = process.cpuUsage();
    const { seconds, toolMs } = await run(PAIRS, WARMUP);
    const cpu = process.cpuUsage(cpuBefore);
    const pgAfter = await postgresCpuSeconds(name, pgQuery);
    const pgMsPerPair = pgBefore !== null && pgAfter !== null ? ((pgAfter - pgBefore) * 1000) / PAIRS : null;
    const nodeCpuMsPerPair = (cpu.user + cpu.system) / 1000 / PAIRS;
    // What the test platform's RS256 signing costs (it is not Lantern's work, but runs in this process).
    const signStart = process.cpuUsage();
    for (let i = 0; i < 200; i++) await lms.sign(lms.claims("n"));
    const signCpu = process.cpuUsage(signStart);
    const signMs = (signCpu.user + signCpu.system) / 1000 / 200;
    toolMs.sort((a, b) => a - b);
    const result = {
      pairsPerSecond: PAIRS / seconds,
      p50Ms: percentile(toolMs, 50),
      p95Ms: percentile(toolMs, 95),
      toolNodeCpuMsPerPair: nodeCpuMsPerPair - signMs,
      postgresCpuMsPerPair: pgMsPerPair,
    };
    const capacity = pgMsPerPair !== null ? (os.cpus().length * 1000) / (result.toolNodeCpuMsPerPair + pgMsPerPair) : null;
    console.log(
      `lti-launch (pg, ${os.cpus().length} cores, concurrency ${CONCURRENCY}, keyset cached): ` +
        `${result.pairsPerSecond.toFixed(0)} login+launch pairs/s · tool-side latency per pair p50 ${result.p50Ms.toFixed(1)} ms, ` +
        `p95 ${result.p95Ms.toFixed(1)} ms (${PAIRS} pairs; platform-side RS256 signing included in the rate)\n` +
        `  CPU per pair: Lantern (Node) ${result.toolNodeCpuMsPerPair.toFixed(2)} ms + PostgreSQL ` +
        `${pgMsPerPair === null ? "n/a" : `${pgMsPerPair.toFixed(2)} ms`} (+ ${signMs.toFixed(2)} ms test-platform signing)` +
        `${capacity === null ? "" : ` → about ${capacity.toFixed(0)} pairs/s if these ${os.cpus().length} cores did nothing else`}; ` +
        `load average at end ${os.loadavg()[0].toFixed(1)}`,
    );
    return result;
  } finally {
    setDatabase(undefined);
    await pgAdmin.end();
    await handle.close();
    // pool.end() resolves before every backend has gone; forcing the drop then would kill a closing connection
    // and crash the process with an unhandled pool error.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await adminQuery(`drop database if exists ${name} with (force)`);
  }
}
