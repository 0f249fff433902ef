// LTI 1.3 launches as an LMS sees them, Lantern (`next start`, pg) against ltijs' own Express flow in the same run.
// A loopback platform (two issuers: Canvas- and Moodle-shaped claims, alternating) serves auth and JWKS; each
// launch is a browser with its own cookie jar: login initiation by POST → the platform's authorization endpoint →
// its auto-posted id_token → every redirect to the final app page. New users on every launch (50 courses per
// platform, every 10th user an instructor) at 16 and 64 concurrent, then 200 returning users in 20 courses.
// Prints throughput, pair and per-request latency, server CPU and SQL statements per launch, peak RSS; asserts
// nothing. Run under the machine's heavy lock: `flock /work/heavy.lock npm run bench -- launch`.
//
// Settings (environment): LAUNCH_BENCH_N launches per measured phase (default 1500), LAUNCH_BENCH_SOAK=n adds a
// last phase of n more new users (memory after many launches), LAUNCH_BENCH_CPU_PROF=dir to
// run `next start` under `node --cpu-prof`, LAUNCH_BENCH_NODE_ARGS="…" more node flags for it (e.g. --inspect to take a
// heap snapshot), LAUNCH_BENCH_ONLY=lantern|ltijs, LAUNCH_BENCH_KEEP=1 keeps databases, LAUNCH_BENCH_PAGES=0 skips the
// pages phase (bench/launch/pages.ts: editor page, course page, autosave and a bare route, idle and under launch load).
// After the launch phases it prints the ceiling of a trivial route at 16 concurrent (bench/launch/ceiling.ts).
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { connectDatabase, setDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { adminQuery, databaseUrl, postgresAvailable } from "@/db/testing/postgres";
import { ensureDeployment, ensurePlatform } from "@/lib/models/lti-platforms";
import { Browser, type Timing } from "./browser";
import { BenchPlatform, type LaunchPlan, type Shape, type ToolRegistration } from "./platform";
import { reportCeiling, trivialRouteCeiling } from "./ceiling";
import { probeIdle, probeUntil, reportProbes, setUpProbes } from "./pages";
import { cpuSeconds, loadAverage, machineBusySeconds, percentile, processTree, rssMb, rssSampler } from "./proc";
import { buildIfStale, npmStartFlags, startLantern, startLtijs, type Server } from "./servers";

const LANTERN_PORT = 3400;
const PLATFORM_PORT = 3450;
const LTIJS_PORT = 3451;
const N = Number(process.env.LAUNCH_BENCH_N ?? 1500);
const SOAK = Number(process.env.LAUNCH_BENCH_SOAK ?? 0);
const COURSES = 50;
const RETURNING_USERS = 200;
const RETURNING_COURSES = 20;
const SHAPES: Shape[] = ["canvas", "moodle"];

type Tool = {
  name: "lantern" | "ltijs";
  server: Server;
  loginUrl: string;
  registration: ToolRegistration;
  /** Database whose backends' CPU and statements count as this tool's. */
  database: string;
  statsFile: string;
  /** The final page is the app's page for this launch (not a refusal or an error). */
  landed: (url: string, body: string) => boolean;
};

type Phase = { label: string; concurrency: number; plan: (i: number) => LaunchPlan; browserFor: (plan: LaunchPlan) => Browser };

function statements(file: string): { total: number; byStatement: Record<string, number> } {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return { total: 0, byStatement: {} };
  }
}

async function postgresPids(admin: pg.Client, database: string): Promise<number[]> {
  const { rows } = await admin.query("select pid from pg_stat_activity where datname = $1", [database]);
  return rows.map((r) => r.pid as number);
}

function stepNamer(toolOrigin: string, platformOrigin: string) {
  return (method: string, url: URL) => {
    const party = url.origin === platformOrigin ? "platform" : url.origin === toolOrigin ? "" : url.origin;
    const p = url.pathname.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ":id").replace(/^\/(canvas|moodle)\//, "/:lms/");
    return `${method} ${party}${p}${url.searchParams.has("ltik") ? "?ltik" : ""}`;
  };
}

function newUserPlan(run: string) {
  return (i: number): LaunchPlan => {
    const shape = SHAPES[i % 2];
    const j = Math.floor(i / 2);
    return { shape, sub: `${run}-${i}`, course: j % COURSES, instructor: j % 10 === 0, name: `User ${i}` };
  };
}

function returningPlan(i: number): LaunchPlan {
  const u = i % RETURNING_USERS;
  const j = Math.floor(u / 2);
  return { shape: SHAPES[u % 2], sub: `returning-${u}`, course: j % RETURNING_COURSES, instructor: j % 10 === 0, name: `Returning ${u}` };
}

async function launchOnce(tool: Tool, platform: BenchPlatform, browser: Browser, plan: LaunchPlan) {
  const start = platform.prepare(plan, tool.registration, tool.loginUrl);
  const page = await browser.navigate("POST", start.url, start.params);
  if (page.status !== 200 || !tool.landed(page.url, page.body)) {
    throw new Error(`${tool.name} launch of ${plan.sub} ended at ${page.status} ${page.url}: ${page.body.replace(/\s+/g, " ").slice(0, 400)}`);
  }
  return page.timings;
}

type Result = {
  tool: string;
  phase: string;
  launches: number;
  perSecond: number;
  pair: number[];
  toolSide: number[];
  steps: Map<string, number[]>;
  hops: number;
  serverCpuMs: number;
  postgresCpuMs: number;
  statementsPerLaunch: number;
  topStatements: [string, number][];
  peakRssMb: number;
  /** RSS of the web server process alone (not its grader children) when the phase ended. */
  webRssMb: number;
  machineBusyCores: number;
  errors: number;
  firstError?: string;
};

async function runPhase(tool: Tool, platform: BenchPlatform, phase: Phase, admin: pg.Client, count: number): Promise<Result> {
  const pair: number[] = [];
  const toolSide: number[] = [];
  const steps = new Map<string, number[]>();
  let hops = 0;
  let errors = 0;
  let firstError: string | undefined;
  const serverPids = processTree(tool.server.pid);
  const pgPids = await postgresPids(admin, tool.database);
  const rss = rssSampler(() => serverPids);
  const before = { server: cpuSeconds(serverPids), pg: cpuSeconds(pgPids), machine: machineBusySeconds(), sql: statements(tool.statsFile) };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: phase.concurrency }, async () => {
      while (next < count) {
        const plan = phase.plan(next++);
        let timings: Timing[];
        try {
          timings = await launchOnce(tool, platform, phase.browserFor(plan), plan);
        } catch (error) {
          errors++;
          firstError ??= (error as Error).message;
          continue;
        }
        pair.push(timings.reduce((a, t) => a + t.ms, 0));
        toolSide.push(timings.filter((t) => !t.step.includes("platform")).reduce((a, t) => a + t.ms, 0));
        hops += timings.length;
        for (const t of timings) steps.set(t.step, [...(steps.get(t.step) ?? []), t.ms]);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 600)); // let the statement counter flush
  const after = { server: cpuSeconds(serverPids), pg: cpuSeconds(await postgresPids(admin, tool.database)), machine: machineBusySeconds(), sql: statements(tool.statsFile) };
  rss.stop();
  const ok = pair.length;
  const byStatement = Object.entries(after.sql.byStatement)
    .map(([k, v]) => [k, (v - (before.sql.byStatement[k] ?? 0)) / ok] as [string, number])
    .filter(([, v]) => v > 0.001)
    .sort((a, b) => b[1] - a[1]);
  return {
    tool: tool.name,
    phase: phase.label,
    launches: ok,
    perSecond: ok / seconds,
    pair,
    toolSide,
    steps,
    hops: hops / ok,
    serverCpuMs: ((after.server - before.server) * 1000) / ok,
    postgresCpuMs: ((after.pg - before.pg) * 1000) / ok,
    statementsPerLaunch: (after.sql.total - before.sql.total) / ok,
    topStatements: byStatement,
    peakRssMb: rss.peak(),
    webRssMb: rssMb([tool.server.pid]),
    machineBusyCores: (after.machine - before.machine) / seconds,
    errors,
    firstError,
  };
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

function report(r: Result, verbose: boolean): void {
  console.log(
    `  ${r.tool.padEnd(7)} ${r.perSecond.toFixed(1).padStart(6)} launches/s · pair p50 ${ms(percentile(r.pair, 50))} / p95 ${ms(percentile(r.pair, 95))} / p99 ${ms(percentile(r.pair, 99))} ms` +
      ` (tool side p95 ${ms(percentile(r.toolSide, 95))}) · ${r.hops.toFixed(1)} requests · server CPU ${r.serverCpuMs.toFixed(1)} ms + postgres ${r.postgresCpuMs.toFixed(1)} ms` +
      ` · ${r.statementsPerLaunch.toFixed(1)} SQL · peak RSS ${r.peakRssMb.toFixed(0)} MB (web process ${r.webRssMb.toFixed(0)} MB at the end) · machine ${r.machineBusyCores.toFixed(2)} cores busy` +
      (r.errors ? ` · ${r.errors} ERRORS (first: ${r.firstError})` : ""),
  );
  for (const [step, times] of r.steps) {
    console.log(`      ${step.padEnd(40)} p50 ${ms(percentile(times, 50)).padStart(5)}  p95 ${ms(percentile(times, 95)).padStart(5)}  p99 ${ms(percentile(times, 99)).padStart(5)} ms`);
  }
  if (verbose) for (const [text, n] of r.topStatements.slice(0, 30)) console.log(`      ${n.toFixed(2).padStart(5)} × ${text}`);
}

/**
 * Issue 14's page goals: 16 students who launched earlier request their editor page, their course page, an autosave
 * and a bare route, first on the idle server (server time and CPU per request), then one request at a time while
 * new users launch at 16 concurrent (the autosave's p95 against the bare route's, under the same load).
 */
async function pagesPhase(tool: Tool, platform: BenchPlatform, admin: pg.Client): Promise<void> {
  const target = { origin: tool.server.origin, loginUrl: tool.loginUrl, registration: tool.registration };
  const probes = await setUpProbes(target, platform, 16, COURSES);
  console.log(`\npages (16 students who launched earlier; load average ${loadAverage()}):`);
  const idle = await probeIdle(probes, target.origin, processTree(tool.server.pid), 300, () => statements(tool.statsFile));
  reportProbes("idle server, one request at a time", new Map([...idle].map(([k, v]) => [k, v.times])), idle);
  let finished = false;
  const newBrowser = () => new Browser(stepNamer(tool.server.origin, platform.origin));
  const phase: Phase = { label: "pages under load: new users, 16 concurrent", concurrency: 16, plan: newUserPlan("pages"), browserFor: newBrowser };
  const [launches, probed] = await Promise.all([
    runPhase(tool, platform, phase, admin, N).finally(() => (finished = true)),
    probeUntil(probes, target.origin, () => finished),
  ]);
  reportProbes(`while new users launch at 16 concurrent (${launches.perSecond.toFixed(1)} launches/s, load average ${loadAverage()})`, probed.times);
  if (probed.errors.length) console.log(`      ${probed.errors.length} PROBE ERRORS (first: ${probed.errors[0]})`);
  report(launches, false);
}

/** Runs the launch benchmark (both tools, every phase) and prints its numbers. */
export async function benchLaunch(): Promise<void> {
  if (!(await postgresAvailable())) {
    console.log("launch: skipped (no PostgreSQL on 127.0.0.1:5432)");
    return;
  }
  const only = process.env.LAUNCH_BENCH_ONLY;
  const tag = randomBytes(3).toString("hex");
  const lanternDb = `perf_launch_${tag}`;
  const ltijsDb = `perf_ltijs_${tag}`;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "perf-launch-"));
  const admin = new pg.Client({ connectionString: databaseUrl("postgres") });
  const platform = new BenchPlatform(PLATFORM_PORT);
  const servers: Server[] = [];
  try {
    buildIfStale();
    for (const name of [lanternDb, ltijsDb]) {
      await adminQuery(`create database ${name}`);
      const handle = connectDatabase({ driver: "pg", url: databaseUrl(name) });
      await migrateDatabase(handle);
      await handle.close();
    }
    await admin.connect();
    await platform.listen();

    const lanternOrigin = `http://localhost:${LANTERN_PORT}`;
    const lanternReg: ToolRegistration = { clientId: "lantern", deploymentId: "deployment-1", redirectUris: [`${lanternOrigin}/lti/launch`], target: `${lanternOrigin}/lti/launch` };
    const ltijsOrigin = `http://127.0.0.1:${LTIJS_PORT}`;
    const ltijsReg: ToolRegistration = { clientId: "ltijs", deploymentId: "deployment-1", redirectUris: [`${ltijsOrigin}/`], target: `${ltijsOrigin}/` };
    platform.register(lanternReg);
    platform.register(ltijsReg);

    // Lantern: both issuers registered as an admin would (manual registration), then the server.
    const handle = connectDatabase({ driver: "pg", url: databaseUrl(lanternDb), poolMax: 2 });
    setDatabase(handle);
    for (const shape of SHAPES) {
      const issuer = platform.issuers[shape].issuer;
      const row = await ensurePlatform({
        values: { issuer, clientId: lanternReg.clientId, name: `Bench ${shape}`, authLoginUrl: `${issuer}/auth`, authTokenUrl: `${issuer}/token`, jwksUrl: `${issuer}/jwks`, registeredVia: "manual", active: true },
      });
      await ensureDeployment({ platformId: row.id, deploymentId: lanternReg.deploymentId });
    }
    const tools: Tool[] = [];
    if (only !== "ltijs") {
      const statsFile = path.join(tmp, "lantern-sql.json");
      const profile = process.env.LAUNCH_BENCH_CPU_PROF;
      const server = await startLantern({
        port: LANTERN_PORT,
        env: {
          APP_ENV: "production",
          NODE_ENV: "production",
          APP_URL: lanternOrigin,
          DATABASE_URL: databaseUrl(lanternDb),
          DATA_DIR: path.join(tmp, "lantern"),
          AUTH_SECRET: randomBytes(32).toString("base64url"),
          AUTH_TRUST_HOST: "true",
          KEY_ENCRYPTION_SECRET: randomBytes(32).toString("base64url"),
          BENCH_SQL_STATS_FILE: statsFile,
        },
        nodeArgs: [
          ...(profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profile)}`] : []),
          ...(process.env.LAUNCH_BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
        ],
      });
      servers.push(server);
      tools.push({
        name: "lantern",
        server,
        loginUrl: `${lanternOrigin}/lti/login`,
        registration: lanternReg,
        database: lanternDb,
        statsFile,
        landed: (url, body) => /\/courses\/[0-9a-f-]{36}\/assignments\/[0-9a-f-]{36}/.test(url) && body.includes("Loops lab"),
      });
    }
    if (only !== "lantern") {
      const statsFile = path.join(tmp, "ltijs-sql.json");
      const server = await startLtijs({
        port: LTIJS_PORT,
        env: {
          APP_ENV: "production",
          NODE_ENV: "production",
          APP_URL: ltijsOrigin,
          DATABASE_URL: databaseUrl(ltijsDb),
          DATA_DIR: path.join(tmp, "ltijs"),
          AUTH_SECRET: randomBytes(32).toString("base64url"),
          KEY_ENCRYPTION_SECRET: randomBytes(32).toString("base64url"),
          LOG_LEVEL: "warn",
          BENCH_SQL_STATS_FILE: statsFile,
          LTIJS_PLATFORMS: JSON.stringify(
            SHAPES.map((shape) => {
              const issuer = platform.issuers[shape];
              return { issuer: issuer.issuer, clientId: ltijsReg.clientId, authUrl: `${issuer.issuer}/auth`, publicKeyPem: issuer.publicKeyPem, name: `Bench ${shape}` };
            }),
          ),
        },
      });
      servers.push(server);
      tools.push({
        name: "ltijs",
        server,
        loginUrl: `${ltijsOrigin}/login`,
        registration: ltijsReg,
        database: ltijsDb,
        statsFile,
        landed: (url, body) => url.includes("ltik=") && body.includes("Signed in as"),
      });
    }

    console.log(
      `launch bench: ${os.cpus().length} cores, load average ${loadAverage()} at start (other engineers share this machine); ` +
        `${N} launches per phase; Lantern pid ${servers[0]?.pid} (node ${npmStartFlags().join(" ") || "without flags"}, as npm start)` +
        `${servers[1] ? `, ltijs pid ${servers[1].pid}` : ""}`,
    );

    // Set-up, not measured: one instructor launch per course creates Lantern's courses and links; each course gets
    // one published assignment that its link opens (a student lands in the editor, staff on the assignment page).
    const fresh = () => new Browser(() => "setup");
    for (const tool of tools) {
      for (const shape of SHAPES) {
        for (let course = 0; course < COURSES; course++) {
          const plan: LaunchPlan = { shape, sub: `setup-${shape}-${course}`, course, instructor: true, name: "Setup Instructor" };
          const start = platform.prepare(plan, tool.registration, tool.loginUrl);
          await fresh().navigate("POST", start.url, start.params);
        }
      }
    }
    await handle.db.execute(
      `insert into assignments (course_id, title, instructions, starter_files, published_at)
       select course_id, 'Loops lab', 'Print the numbers 1 to 10, one per line.', '[{"name":"main.py","content":"for i in range(10):\\n    pass\\n"}]'::jsonb, now()
       from lti_contexts` as never,
    );
    await handle.db.execute(
      `update lti_resource_links l set assignment_id = a.id from lti_contexts c join assignments a on a.course_id = c.course_id where l.context_row_id = c.id` as never,
    );
    setDatabase(undefined);
    await handle.close();

    const returningBrowsers = new Map<string, Map<string, Browser>>();
    const returningBrowser = (tool: Tool) => (plan: LaunchPlan) => {
      let byUser = returningBrowsers.get(tool.name);
      if (!byUser) returningBrowsers.set(tool.name, (byUser = new Map()));
      let b = byUser.get(plan.sub);
      if (!b) byUser.set(plan.sub, (b = new Browser(stepNamer(tool.server.origin, platform.origin))));
      return b;
    };
    const phases = (tool: Tool): { phase: Phase; count: number; measured: boolean }[] => {
      const newBrowser = () => new Browser(stepNamer(tool.server.origin, platform.origin));
      return [
        { phase: { label: "warm-up", concurrency: 16, plan: newUserPlan("warm"), browserFor: newBrowser }, count: 200, measured: false },
        { phase: { label: "new users, 16 concurrent", concurrency: 16, plan: newUserPlan("c16"), browserFor: newBrowser }, count: N, measured: true },
        { phase: { label: "new users, 64 concurrent", concurrency: 64, plan: newUserPlan("c64"), browserFor: newBrowser }, count: N, measured: true },
        { phase: { label: "returning users (first visits)", concurrency: 16, plan: returningPlan, browserFor: returningBrowser(tool) }, count: RETURNING_USERS, measured: false },
        { phase: { label: `returning users (${RETURNING_USERS} in ${RETURNING_COURSES} courses), 16 concurrent`, concurrency: 16, plan: returningPlan, browserFor: returningBrowser(tool) }, count: N, measured: true },
        // Memory after many launches (issue 14: steady RSS after 10,000): LAUNCH_BENCH_SOAK more new users.
        ...(SOAK > 0 ? [{ phase: { label: `soak: ${SOAK} more new users, 16 concurrent`, concurrency: 16, plan: newUserPlan("soak"), browserFor: newBrowser }, count: SOAK, measured: true }] : []),
      ];
    };
    const results: Result[] = [];
    const labels = phases(tools[0]).map((p) => p.phase.label);
    for (let k = 0; k < labels.length; k++) {
      const measured = phases(tools[0])[k].measured;
      if (measured) console.log(`\n${labels[k]}:`);
      for (const tool of tools) {
        const { phase, count } = phases(tool)[k];
        const r = await runPhase(tool, platform, phase, admin, count);
        if (!measured) continue;
        results.push(r);
        report(r, tool.name === "lantern" && process.env.LAUNCH_BENCH_SQL === "1");
      }
      const pairOf = results.filter((r) => r.phase === labels[k]);
      const [a, b] = [pairOf.find((r) => r.tool === "lantern"), pairOf.find((r) => r.tool === "ltijs")];
      if (a && b) console.log(`  → Lantern ${(a.perSecond / b.perSecond).toFixed(2)}× ltijs' throughput; pair p95 ${ms(percentile(a.pair, 95))} vs ${ms(percentile(b.pair, 95))} ms`);
    }
    const lantern = tools.find((t) => t.name === "lantern");
    if (lantern) {
      // Same server, same run: the most a trivial route reaches, against what the goal of 200 launches/s would need.
      const first = results.find((r) => r.tool === "lantern");
      console.log(`\nceiling of next start on this machine (load average ${loadAverage()}):`);
      reportCeiling(await trivialRouteCeiling(lantern.server.origin, lantern.server.pid), Math.round((first?.hops ?? 4) - 1));
    }
    if (lantern && process.env.LAUNCH_BENCH_PAGES !== "0") await pagesPhase(lantern, platform, admin);
    console.log(`\nload average at end ${loadAverage()}`);
  } finally {
    for (const s of servers) s.stop();
    await platform.close().catch(() => {});
    await admin.end().catch(() => {});
    await new Promise((r) => setTimeout(r, 1000));
    if (process.env.LAUNCH_BENCH_KEEP !== "1") {
      for (const name of [lanternDb, ltijsDb]) await adminQuery(`drop database if exists ${name} with (force)`).catch(() => {});
    } else {
      console.log(`kept databases ${lanternDb}, ${ltijsDb}`);
    }
  }
}
