import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { env, type Env } from "@/lib/env";
import { log } from "@/lib/log";
import type { AssertOutcome, RunFailure, RunOutcome, TestOutcome } from "./outcome";
import type { RunnerTest } from "./runner-tests";
import { SandboxProcess, type ProcessEnd } from "./sandbox-process";
import { describeLayers, detectSandboxLayers, EMPTY_ENV, engineFlags, sandboxCommand, type SandboxLayers } from "./sandbox-layers";
import { caseReply, callReply, importReply, opReply, toCallResult, toTestsValue, type TestsValue } from "./sandbox-replies";
import { startTimeLimit, WALL_FACTOR, type TimeLimitEnd } from "./time-limit";

/** What one grading run executes: the student's files, then each I/O case and each function test. */
export type SandboxJob = {
  files: { name: string; content: string }[];
  mainFile: string;
  /** `hidden` items run after every visible one, so nothing of a hidden test can reach a visible test's output. */
  ioCases: { stdin: string; hidden?: boolean }[];
  functionTests: (RunnerTest & { hidden?: boolean })[];
  timeLimitMs: number;
  outputLimit?: number;
  /** Tests interpreters are reused only for jobs with the same key (the course), never across courses. */
  testsKey?: string;
};

export type SandboxResult = RunOutcome;

export type SandboxOptions = {
  /** Student processes started ahead of need (each used for one submission, then killed). */
  size?: number;
  /** WebAssembly memory cap per interpreter; Python raises MemoryError beyond it. */
  memoryLimitMb?: number;
  /** V8 heap cap per process. */
  heapLimitMb?: number;
  /** Override detection (tests of the `process` layer). */
  layers?: SandboxLayers;
  /** V8 flags for the grading processes (default SANDBOX_V8_FLAGS; benchmarks compare others). */
  v8Flags?: readonly string[];
};

const DEFAULT_OUTPUT_LIMIT = 64 * 1024;
const START_TIMEOUT_MS = 60_000;
const TESTS_PROCESS_RUNS = 100;
const REPLY_BYTES = 32 * 1024 * 1024;

const INTERFERED: RunFailure = {
  kind: "interfered",
  message: "Your program changed Python's built-in functions or modules (or the grader's channel) so that the grader could not read its results; the tests that had not finished score 0.",
};
const MEMORY: RunFailure = { kind: "memory", message: "Your program used too much memory." };

/**
 * Runs submissions in separate OS processes: a fresh Pyodide interpreter per submission (started ahead of need,
 * never reused), inside bubblewrap, rlimits and Node's permission model, killed on time-out. Staff assert tests run
 * in a tests interpreter that never runs student code and reaches the student's objects only through requests
 * relayed here; call tests and I/O cases are compared outside any interpreter (score.ts).
 */
export class SandboxPool {
  readonly layers: SandboxLayers;
  private readonly options: Required<Omit<SandboxOptions, "layers" | "v8Flags">> & Pick<SandboxOptions, "v8Flags">;
  private readonly root = process.cwd();
  private readonly runtimeDir = path.join(this.root, "node_modules", "pyodide");
  private readonly script = path.join(this.root, "lib", "grading", "sandbox-child.mjs");
  private readonly studentHarness = path.join(this.root, "public", "lantern-harness.py");
  private readonly testsHarness = path.join(this.root, "public", "lantern-tests.py");
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), "lantern-grader-"));
  /** One snapshot per role, each with its harness already run (sandbox-child.mjs). */
  private readonly snapshotFiles = { student: path.join(this.dir, "student.snapshot"), tests: path.join(this.dir, "tests.snapshot") };
  private snapshot: Promise<void> | null = null;
  private snapshotReady = { student: false, tests: false };
  private spare: SandboxProcess[] = [];
  /** A started tests interpreter not yet bound to a course. */
  private spareTests: SandboxProcess | null = null;
  private idleTests: { key: string; process: SandboxProcess; runs: number }[] = [];
  private live = new Set<SandboxProcess>();
  private closed = false;
  private codeCacheWarned = false;

  constructor(options: SandboxOptions = {}) {
    this.options = { size: 2, memoryLimitMb: 384, heapLimitMb: 256, ...options };
    chmodSync(this.dir, 0o755);
    this.layers = options.layers ?? detectSandboxLayers();
  }

  /** Makes the memory snapshot and starts the spare processes (start-up warming, benchmarks). */
  async warm(): Promise<void> {
    await this.ensureSnapshot();
    this.refill();
    await Promise.all([...this.spare, this.spareTests].map((p) => p?.ready.catch(() => {})));
  }

  /** Runs one job in a fresh process, enforcing the wall-clock limit over the whole run. */
  async run(job: SandboxJob): Promise<SandboxResult> {
    if (this.closed) throw new Error("sandbox pool is closed");
    await this.ensureSnapshot();
    const student = this.spare.shift() ?? this.start("student");
    this.refill();
    const result: SandboxResult = { cases: job.ioCases.map(() => null), tests: job.functionTests.map(() => null), failure: null, ms: 0 };
    try {
      await withTimeout(student.ready, START_TIMEOUT_MS);
    } catch {
      student.kill();
      result.failure = { kind: "crash", message: "The Python interpreter failed to start." };
      return result;
    }
    const started = performance.now();
    const run = new Run(this, job, student, result);
    const clearLimit = startTimeLimit({
      limitMs: job.timeLimitMs,
      usedMs: () => run.cpuMs(),
      expire: (end) => run.stop({ kind: "timeout", message: timeoutMessage(end, job.timeLimitMs) }),
    });
    try {
      await run.execute();
    } finally {
      clearLimit();
      student.kill();
      run.releaseTests();
    }
    result.ms = performance.now() - started;
    return result;
  }

  /** How many grading processes are alive (spares included): a run must leave none of its own behind. */
  get processCount(): number {
    return this.live.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.live) p.kill();
    this.spare = [];
    this.idleTests = [];
    this.spareTests = null;
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A tests interpreter for `key`: an idle one of the same course, or a new one. */
  acquireTests(key: string): { process: SandboxProcess; runs: number } {
    const index = this.idleTests.findIndex((t) => t.key === key && !t.process.gone);
    if (index >= 0) return this.idleTests.splice(index, 1)[0];
    const spare = this.spareTests && !this.spareTests.gone ? this.spareTests : this.start("tests");
    this.spareTests = this.closed ? null : this.start("tests");
    return { process: spare, runs: 0 };
  }

  releaseTests(key: string, entry: { process: SandboxProcess; runs: number }, healthy: boolean): void {
    if (!healthy || this.closed || entry.process.gone || entry.runs + 1 >= TESTS_PROCESS_RUNS) return entry.process.kill();
    this.idleTests.push({ key, process: entry.process, runs: entry.runs + 1 });
    while (this.idleTests.length > this.options.size) this.idleTests.shift()!.process.kill();
  }

  private refill() {
    if (this.closed) return;
    this.spare = this.spare.filter((p) => !p.gone);
    while (this.spare.length < this.options.size) this.spare.push(this.start("student"));
    if (!this.spareTests || this.spareTests.gone) this.spareTests = this.start("tests");
  }

  private start(role: "student" | "tests"): SandboxProcess {
    const student = role === "student";
    const harness = student ? this.studentHarness : this.testsHarness;
    const snapshot = this.snapshotReady[role] ? this.snapshotFiles[role] : "";
    // The snapshot, and Pyodide's JavaScript with its V8 code cache when the snapshot maker wrote them.
    const snapshotFiles = snapshot ? [snapshot, ...codeCacheFiles(snapshot).filter((f) => existsSync(f))] : [];
    const argv = sandboxCommand({
      layers: this.layers,
      // A student process lives for one submission: CPU seconds cover start-up plus the longest time limit. The
      // address-space cap is a backstop only (V8 reserves ~10 GB of address space per WebAssembly memory); memory is
      // bounded by the WebAssembly growth cap and the V8 heap cap.
      limits: { cpuSeconds: student ? 120 : 3600, addressSpaceMb: 24 * 1024, fileSizeBytes: 1024 * 1024, processes: 256 },
      readable: [this.runtimeDir, this.script, harness, ...snapshotFiles],
      heapMb: this.options.heapLimitMb,
      script: this.script,
      v8Flags: this.options.v8Flags,
      args: [role, this.runtimeDir, snapshot, harness, String(this.options.memoryLimitMb), String(DEFAULT_OUTPUT_LIMIT)],
    });
    const child = new SandboxProcess(argv, REPLY_BYTES);
    if (snapshot) void child.ready.then(() => this.checkCodeCache(child), () => {});
    this.live.add(child);
    void child.ended.then(() => this.live.delete(child));
    child.child.unref();
    return child;
  }

  /** Says once if processes compile Pyodide's JavaScript without the snapshot's code cache (slower, still correct). */
  private checkCodeCache(child: SandboxProcess) {
    if (child.codeCache === "used" || this.codeCacheWarned) return;
    this.codeCacheWarned = true;
    log.warn("grader: Pyodide's JavaScript compiles without its V8 code cache; each grading process starts ~35 ms slower", { codeCache: child.codeCache });
  }

  private ensureSnapshot(): Promise<void> {
    this.snapshot ??= (async () => {
      const started = performance.now();
      await Promise.all((["student", "tests"] as const).map((role) => this.makeSnapshot(role)));
      const { student, tests } = this.snapshotReady;
      if (student && tests) log.info("grader ready", { layers: describeLayers(this.layers), snapshotMs: Math.round(performance.now() - started) });
      else log.warn("grader: no Pyodide memory snapshot for some interpreters, they start cold", { layers: describeLayers(this.layers), student, tests });
    })();
    return this.snapshot;
  }

  private async makeSnapshot(role: "student" | "tests"): Promise<void> {
    const file = this.snapshotFiles[role];
    const harness = role === "student" ? this.studentHarness : this.testsHarness;
    const ok = await new Promise<boolean>((resolve) => {
      const args = [this.script, `snapshot-${role}`, this.runtimeDir, file, harness, String(this.options.memoryLimitMb), "0"];
      const child = spawn(process.execPath, [...engineFlags(this.options.heapLimitMb, this.options.v8Flags), ...args], {
        env: EMPTY_ENV,
        stdio: "ignore",
        timeout: START_TIMEOUT_MS,
      });
      child.on("exit", (code) => resolve(code === 0));
      child.on("error", () => resolve(false));
    });
    if (ok) for (const f of [file, ...codeCacheFiles(file)]) if (existsSync(f)) chmodSync(f, 0o644);
    this.snapshotReady[role] = ok;
  }
}

/** Pyodide's JavaScript as a script and its V8 code cache, written next to a snapshot (sandbox-child.mjs). */
function codeCacheFiles(snapshot: string): string[] {
  return [`${snapshot}.js`, `${snapshot}.jscache`];
}

function timeoutMessage(end: TimeLimitEnd, limitMs: number): string {
  const s = limitMs / 1000;
  if (end === "cpu") return `Time limit exceeded: the tests did not finish within ${s} s of CPU time.`;
  if (end === "cap") return `Time limit exceeded: the tests did not finish within ${WALL_FACTOR * s} s (your program was waiting, e.g. sleeping, more than running).`;
  return `Time limit exceeded: the tests did not finish within ${s} s.`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), ms)))]).finally(() => clearTimeout(timer));
}

class Stopped extends Error {}

/** One submission's run: the requests sent to its student process (and tests interpreter), one at a time. */
class Run {
  private tests: { process: SandboxProcess; runs: number } | null = null;
  /** The tests interpreter's CPU when this run took it (it serves one run at a time). */
  private testsCpuAtStart = 0;
  private testsHealthy = true;
  private stopped = false;
  private readonly outputLimit: number;
  private readonly key: string;

  constructor(
    private readonly pool: SandboxPool,
    private readonly job: SandboxJob,
    private readonly student: SandboxProcess,
    private readonly result: SandboxResult,
  ) {
    this.outputLimit = job.outputLimit ?? DEFAULT_OUTPUT_LIMIT;
    this.key = job.testsKey ?? "";
  }

  /** CPU ms this run's processes have used since it started (the student's from ready), or null when unknown. */
  cpuMs(): number | null {
    const student = this.student.cpuMs();
    if (student === null) return null;
    const tests = this.tests?.process.cpuMs() ?? this.testsCpuAtStart;
    return student - this.student.readyCpuMs + (tests - this.testsCpuAtStart);
  }

  stop(failure: RunFailure) {
    if (this.stopped) return;
    this.stopped = true;
    this.result.failure ??= failure;
    this.student.kill();
    if (this.tests) {
      this.testsHealthy = false;
      this.tests.process.kill();
    }
  }

  releaseTests() {
    if (this.tests) this.pool.releaseTests(this.key, this.tests, this.testsHealthy && !this.stopped);
    this.tests = null;
  }

  async execute(): Promise<void> {
    try {
      // Visible tests first, then hidden ones: a hidden test's input stashed somewhere by the student's code can
      // only ever show up in hidden results, which students see as counts.
      await this.phase(false);
      await this.phase(true);
    } catch (error) {
      if (error instanceof Stopped) return;
      if (isEnd(error)) return void this.stop(this.endFailure(error));
      if (error instanceof Error && error.name === "ZodError") return void this.stop(INTERFERED);
      throw error;
    }
  }

  private async phase(hidden: boolean): Promise<void> {
    const { job, result, outputLimit } = this;
    const files = JSON.stringify(job.files);
    for (const [index, c] of job.ioCases.entries()) {
      if (!!c.hidden !== hidden) continue;
      await this.ask("load", files);
      result.cases[index] = caseReply(outputLimit).parse(await this.ask("run_main", job.mainFile, c.stdin, outputLimit));
    }
    const tests = [...job.functionTests.entries()].filter(([, t]) => !!t.hidden === hidden);
    if (tests.length === 0) return;
    const moduleName = job.mainFile.replace(/\.py$/, "");
    await this.ask("load", files);
    const imported = importReply(outputLimit).parse(await this.ask("import_main", moduleName, outputLimit));
    const names = imported.names.map((n) => ({ name: n.name, value: toTestsValue(n.value) }));
    for (const [index, t] of tests) {
      if (t.kind === "call") {
        const reply = callReply(outputLimit).parse(await this.ask("call", moduleName, t.function, t.argsJson, outputLimit));
        result.tests[index] = { kind: "call", result: toCallResult(reply.result), stdout: reply.stdout };
      } else if (imported.error) {
        result.tests[index] = { kind: "assert", status: "error", phase: imported.error.phase, message: imported.error.message };
      } else {
        result.tests[index] = await this.assertTest(t, names, moduleName);
      }
    }
  }

  /** Runs an assert test in the tests interpreter, relaying its operations on the student's objects. */
  private async assertTest(t: Extract<RunnerTest, { kind: "assert" }>, names: { name: string; value: TestsValue }[], module: string): Promise<TestOutcome> {
    if (!this.tests) {
      this.tests = this.pool.acquireTests(this.key);
      await withTimeout(this.tests.process.ready, START_TIMEOUT_MS).catch(() => {});
      this.testsCpuAtStart = this.tests.process.cpuMs() ?? 0;
    }
    const tests = this.tests.process;
    try {
      await withTimeout(tests.ready, START_TIMEOUT_MS);
      tests.send({ name: t.name, code: t.code, names, module });
      for (;;) {
        const message = await this.race(tests.next());
        if (message.type === "result") return message.value as AssertOutcome;
        if (message.type !== "op") throw new Error("unexpected message from the tests interpreter");
        let reply: TestsValue | { type: "gone"; message: string };
        try {
          const answer = opReply(this.outputLimit).parse(await this.ask("op", JSON.stringify(message.request), this.outputLimit));
          reply = toTestsValue(answer.result);
        } catch (error) {
          if (!isEnd(error)) throw error;
          const failure = this.endFailure(error);
          this.result.failure ??= failure;
          reply = { type: "gone", message: failure.message };
        }
        tests.send({ reply });
      }
    } catch (error) {
      if (error instanceof Stopped || isEnd(error)) {
        this.testsHealthy = false;
        if (this.stopped) throw new Stopped();
        return { kind: "assert", status: "error", phase: "run", message: "The grader's test runner stopped while running this test." };
      }
      throw error;
    }
  }

  /** Sends one request to the student's process and waits for its reply. */
  private async ask(name: string, ...args: unknown[]): Promise<unknown> {
    if (this.stopped) throw new Stopped();
    if (this.student.gone) throw this.student.gone;
    this.student.send({ name, args });
    const message = await this.race(this.student.next());
    if (message.type === "broken") {
      this.student.kill({ kind: "exit", code: 70 });
      throw { kind: "protocol", message: "broken" } satisfies ProcessEnd;
    }
    if (message.type === "fatal") {
      this.student.kill({ kind: "exit", code: 70 });
      throw { kind: "protocol", message: `The Python interpreter crashed: ${String(message.message).slice(0, 500)}` } satisfies ProcessEnd;
    }
    if (message.type !== "reply") throw { kind: "protocol", message: "unexpected message" } satisfies ProcessEnd;
    return message.value;
  }

  private async race<T>(promise: Promise<T>): Promise<T> {
    try {
      return await promise;
    } catch (error) {
      if (this.stopped) throw new Stopped();
      throw error;
    }
  }

  private endFailure(end: ProcessEnd): RunFailure {
    if (end.kind === "exit") {
      return { kind: "exit", message: `Your program ended the Python process (exit status ${end.code}) before the tests finished.` };
    }
    if (end.kind === "signal") {
      if (end.signal === "SIGXCPU") return { kind: "timeout", message: "Time limit exceeded: your program used too much CPU time." };
      if (end.signal === "SIGABRT" || end.signal === "SIGSEGV" || end.signal === "SIGBUS") return MEMORY;
      return { kind: "crash", message: `The grading process was stopped (${end.signal}).` };
    }
    if (/crashed/.test(end.message)) return { kind: "crash", message: end.message };
    if (end.message === "broken") return INTERFERED;
    return { kind: "interfered", message: `${INTERFERED.message} (the grading process ${end.message})` };
  }
}

function isEnd(error: unknown): error is ProcessEnd {
  return typeof error === "object" && error !== null && "kind" in error && ["exit", "signal", "protocol"].includes((error as ProcessEnd).kind);
}

export class SandboxPolicyError extends Error {}

/**
 * The layers this grader may run with under the settings: `GRADER_SANDBOX=process` drops the namespace sandbox on
 * purpose (unsafe for untrusted code); otherwise bubblewrap is required in production and when asked for, and its
 * absence elsewhere is logged loudly.
 */
export function sandboxLayersFor(settings: Pick<Env, "APP_ENV" | "GRADER_SANDBOX">, detected = detectSandboxLayers()): SandboxLayers {
  if (settings.GRADER_SANDBOX === "process") {
    log.warn("grader: GRADER_SANDBOX=process — grading runs without the namespace sandbox (unsafe for untrusted code)");
    return { ...detected, bwrap: null };
  }
  if (!detected.bwrap && (settings.APP_ENV === "production" || settings.GRADER_SANDBOX === "bwrap")) {
    throw new SandboxPolicyError(
      "Grader refused to start: bubblewrap (/usr/bin/bwrap, Debian package `bubblewrap`) is missing or cannot create namespaces here. " +
        "Install it, or set GRADER_SANDBOX=process to grade without it (unsafe for untrusted code). See README \"Grading\".",
    );
  }
  if (!detected.bwrap) log.warn("grader: bubblewrap is not available; grading runs without the namespace sandbox (development only)");
  return detected;
}

const holder = globalThis as unknown as { __lanternSandbox?: SandboxPool };

/** The process-wide sandbox pool, started on first use with the layers the settings allow. */
export function sandboxPool(): SandboxPool {
  if (!holder.__lanternSandbox) {
    // One spare student process per concurrent run, so every run starts on a process that is already up.
    const pool = new SandboxPool({ size: Math.max(2, env().GRADER_CONCURRENCY), layers: sandboxLayersFor(env()) });
    log.info("grader sandbox", { layers: describeLayers(pool.layers) });
    holder.__lanternSandbox = pool;
  }
  return holder.__lanternSandbox;
}
