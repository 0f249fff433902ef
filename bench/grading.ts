// `npm run bench -- grading`: the sandboxed grader in its production layout, on local PostgreSQL. The web server is
// `next start` (GRADER_MODE=external) and grading runs in `npm run grader` processes; submissions go through the
// real submit route over HTTP (Bearer sessions, as the LTI iframe fallback sends them). Measured:
//   - idle grader: submit (HTTP) → graded (the grade row written), one at a time;
//   - sustained: 200 students submit at once, submissions per second until every one is graded, at each
//     GRADER_CONCURRENCY in BENCH_GRADER_CONCURRENCY (default "2,3");
//   - CPU per submission: the sandboxed processes (student processes and tests interpreters apart; sampled from /proc
//     every 20 ms, so each process's last ≤ 20 ms is missed), the grader process, the web server, and the whole
//     machine's busy time (other work included);
//   - peak RSS of one student grading process;
//   - the web server's p50/p95 for a bare route (GET /api/health) idle and while the grader runs at full load (over
//     the whole drain, and over the part after the web server has taken all 200 submissions).
// Numbers only, never pass/fail. Needs a `next build` (made when .next is older than the source).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildIfStale, startLantern } from "./launch/servers";
import { cpuSeconds, loadAverage, machineBusySeconds, percentile, processTree } from "./launch/proc";

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = 3201;
const QUEUED = Number(process.env.BENCH_GRADING_QUEUED ?? 200);
const CONCURRENCIES = (process.env.BENCH_GRADER_CONCURRENCY ?? "2,3").split(",").map(Number);
const IDLE_RUNS = 5;
const PROBES = 200;
const CHILD_SCRIPT = path.join(ROOT, "lib", "grading", "sandbox-child.mjs");

/** CPU (per role: student processes, tests interpreters) and peak RSS of this checkout's sandboxed grading processes, sampled from /proc. */
function sandboxSampler() {
  const cpu = new Map<number, { role: "student" | "tests"; seconds: number }>();
  let peakStudentKb = 0;
  const sample = () => {
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8");
        if (!cmdline.includes(CHILD_SCRIPT)) continue;
        const stat = readFileSync(`/proc/${name}/stat`, "utf8");
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        // prlimit, chrt/nice and bwrap carry the node command line too, so every process is attributed to its role.
        const role = cmdline.includes(`${CHILD_SCRIPT}\0student`) ? "student" : cmdline.includes(`${CHILD_SCRIPT}\0tests`) ? "tests" : null;
        if (!role) continue; // the start-up snapshot makers
        cpu.set(Number(name), { role, seconds: (Number(f[11]) + Number(f[12])) / 100 });
        // The node process itself (not prlimit/bwrap, which exec or wait): its args follow the script path.
        if (cmdline.startsWith(process.execPath) && role === "student") {
          peakStudentKb = Math.max(peakStudentKb, Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${name}/status`, "utf8"))?.[1] ?? 0));
        }
      } catch {
        // the process ended between listing and reading
      }
    }
  };
  const timer = setInterval(sample, 20);
  const sum = (role?: "student" | "tests") => [...cpu.values()].filter((v) => !role || v.role === role).reduce((a, v) => a + v.seconds, 0);
  return {
    cpuSeconds: sum,
    processes: () => cpu.size,
    peakStudentMb: () => peakStudentKb / 1024,
    reset: () => {
      cpu.clear();
      peakStudentKb = 0;
    },
    stop: () => clearInterval(timer),
  };
}

/** `npm run grader` on the bench database; resolves once it logged that it started. */
async function startGrader(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["--conditions=react-server", path.join(ROOT, "scripts", "grader.ts")], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env, LOG_LEVEL: "info" },
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("grader did not start")), 180_000);
    child.on("exit", (code) => reject(new Error(`grader exited with ${code}`)));
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes('"grader started"')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.stdout!.resume();
  return child;
}

function stop(child: ChildProcess) {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // already gone
  }
}

/** Sequential GETs of a bare route; latencies in ms (`at`: when each was sent). Stops early when `until` says so. */
async function probe(origin: string, count: number, until?: () => boolean): Promise<{ at: number; ms: number }[]> {
  const out: { at: number; ms: number }[] = [];
  for (let i = 0; i < count && !until?.(); i++) {
    const t = performance.now();
    const res = await fetch(`${origin}/api/health`);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`health ${res.status}`);
    out.push({ at: t, ms: performance.now() - t });
    await new Promise((r) => setTimeout(r, 25));
  }
  return out;
}

const latencies = (probes: { ms: number }[]) => probes.map((p) => p.ms);
const ms = (values: number[]) => `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms (n=${values.length})`;

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
  const { describeLayers, detectSandboxLayers } = await import("@/lib/grading/sandbox-layers");

  // BENCH_REUSE_BUILD=1: the caller has just built .next (e.g. for e2e in the same session) and wants no rebuild.
  if (process.env.BENCH_REUSE_BUILD !== "1") buildIfStale();
  const name = `lantern_bench_grading_${randomBytes(4).toString("hex")}`;
  await adminQuery(`create database ${name}`);
  const url = databaseUrl(name);
  const handle = connectDatabase({ driver: "pg", url, poolMax: 10 });
  const children: ChildProcess[] = [];
  const sampler = sandboxSampler();
  try {
    await migrateDatabase(handle);
    setDatabase(handle);
    const w = await world();
    const q = async <T>(sql: string) => ((await handle.db.execute(sql)) as unknown as { rows: T[] }).rows;

    // Every student's submission row exists before the clock starts (the editor makes it on first open).
    const submissionOf = async (who: { token: string }) => {
      const session = (await resolveSessionToken(who.token, "header"))!;
      const authz = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session });
      return (await ensureOwnSubmission({ authz, assignment: w.assignment })).id;
    };
    const students: { token: string; submissionId: string }[] = [];
    for (let i = 0; i < QUEUED; i++) {
      const s = await person(`Student ${i}`);
      await ensureEnrollment({ courseId: w.course.id, userId: s.user.id, role: "student", source: "manual" });
      students.push({ token: s.token, submissionId: await submissionOf(s) });
    }
    const alice = { token: w.alice.token, submissionId: await submissionOf(w.alice) };

    const env = {
      APP_ENV: "production",
      NODE_ENV: "production",
      APP_URL: `http://localhost:${PORT}`,
      DATABASE_URL: url,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "lantern-bench-grading-")),
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AUTH_TRUST_HOST: "true",
      KEY_ENCRYPTION_SECRET: randomBytes(32).toString("base64url"),
      GRADER_MODE: "external",
      LOG_LEVEL: "warn",
    };
    const web = await startLantern({ port: PORT, env });
    children.push(web.child);
    const webPids = () => processTree(web.pid);

    const submit = async (s: { token: string; submissionId: string }) => {
      const res = await fetch(`${web.origin}/api/submissions/${s.submissionId}/submit`, {
        method: "POST",
        headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json" },
        body: JSON.stringify({ files: [{ name: "main.py", content: SOLUTION }], clientSavedAt: null }),
      });
      if (!res.ok) throw new Error(`submit ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    };
    const pending = async () => (await q<{ n: number }>(`select count(*)::int as n from grading_jobs where status in ('queued', 'running')`))[0].n;

    console.log(`grading (${describeLayers(detectSandboxLayers())}; ${os.cpus().length} cores; load before ${loadAverage()})`);
    const idleProbe = latencies(await probe(web.origin, PROBES));
    console.log(`  web GET /api/health, no grading:           ${ms(idleProbe)}`);

    for (const concurrency of CONCURRENCIES) {
      let t = performance.now();
      const grader = await startGrader({ ...env, GRADER_CONCURRENCY: String(concurrency) });
      children.push(grader);
      const graderStartMs = performance.now() - t;

      // Idle grader: one submission at a time, submit → graded (the spare processes already started).
      const idleMs: number[] = [];
      for (let i = 0; i < IDLE_RUNS; i++) {
        t = performance.now();
        await submit(alice);
        while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 10));
        idleMs.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 1500)); // the spares restart, as on an idle grader
      }

      // Sustained: every student submits at once (8 requests in flight), then the grader drains the queue.
      sampler.reset();
      const graderPids = () => processTree(grader.pid!).filter((pid) => !readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(CHILD_SCRIPT));
      const graderCpu0 = cpuSeconds(graderPids());
      const webCpu0 = cpuSeconds(webPids());
      const busy0 = machineBusySeconds();
      t = performance.now();
      let done = false;
      const during = probe(web.origin, 100_000, () => done);
      let next = 0;
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (next < students.length) await submit(students[next++]);
      }));
      const submittedAt = performance.now();
      const submittedS = (submittedAt - t) / 1000;
      while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 100));
      const seconds = (performance.now() - t) / 1000;
      done = true;
      const probes = await during;
      const busyProbe = latencies(probes);
      // The same probes without those sent while the web server itself was still taking the 200 submissions.
      const gradingOnlyProbe = latencies(probes.filter((p) => p.at >= submittedAt));
      const graderCpu = cpuSeconds(graderPids()) - graderCpu0;
      const webCpu = cpuSeconds(webPids()) - webCpu0;
      const busy = machineBusySeconds() - busy0;
      const graded = (await q<{ n: number; avg: number }>(`select count(*)::int as n, avg(score)::float as avg from submissions where status = 'graded'`))[0];
      stop(grader);
      await new Promise((r) => setTimeout(r, 500));

      const median = [...idleMs].sort((a, b) => a - b)[Math.floor(idleMs.length / 2)];
      const per = (s: number) => `${((s / QUEUED) * 1000).toFixed(0)} ms`;
      console.log(`  GRADER_CONCURRENCY=${concurrency}`);
      console.log(`    grader start (snapshots + spares):      ${graderStartMs.toFixed(0)} ms`);
      console.log(`    idle grader, submit → graded:           median ${median.toFixed(0)} ms (runs: ${idleMs.map((m) => m.toFixed(0)).join(", ")})`);
      console.log(`    sustained, ${QUEUED} submitted at once:     ${(QUEUED / seconds).toFixed(2)} submissions/s (${seconds.toFixed(1)} s; all submitted after ${submittedS.toFixed(1)} s; graded ${graded.n}, mean score ${graded.avg})`);
      console.log(`    CPU per submission: sandboxed processes ${per(sampler.cpuSeconds())} (student ${per(sampler.cpuSeconds("student"))}, tests interpreters ${per(sampler.cpuSeconds("tests"))}; ${sampler.processes()} processes), grader ${per(graderCpu)}, web ${per(webCpu)}; whole machine ${per(busy)} (load ${loadAverage()})`);
      console.log(`    peak RSS of one student grading process: ${sampler.peakStudentMb().toFixed(0)} MB`);
      const ratio = (values: number[]) => `${(percentile(values, 95) / percentile(idleProbe, 95)).toFixed(2)}× idle p95`;
      console.log(`    web GET /api/health while grading:      ${ms(busyProbe)} (${ratio(busyProbe)})`);
      console.log(`      after all ${QUEUED} were submitted:        ${ms(gradingOnlyProbe)} (${ratio(gradingOnlyProbe)})`);
    }
    return { idleP95: percentile(idleProbe, 95) };
  } finally {
    sampler.stop();
    for (const c of children) stop(c);
    await handle.close?.();
    await new Promise((r) => setTimeout(r, 500));
    await adminQuery(`drop database if exists ${name} with (force)`).catch(() => {});
  }
}
