import { readFileSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";

import type { RunOutcome } from "./outcome";
import type { RunnerTest } from "./runner-tests";

/** What one grading run executes: the student's files, then each I/O case and each function test. */
export type SandboxJob = {
  files: { name: string; content: string }[];
  mainFile: string;
  ioCases: { stdin: string }[];
  functionTests: RunnerTest[];
  timeLimitMs: number;
  outputLimit?: number;
};

export type SandboxResult = RunOutcome;

export type SandboxOptions = {
  size?: number;
  /** WebAssembly memory cap per interpreter; Python raises MemoryError beyond it. */
  memoryLimitMb?: number;
  /** V8 heap cap per worker; exceeding it kills the worker (reported as a memory failure). */
  heapLimitMb?: number;
  /** Replace an interpreter after this many runs even if nothing went wrong. */
  maxRunsPerWorker?: number;
};

type Slot = { worker: Worker; ready: Promise<void>; runs: number; busy: boolean; dead: boolean };

const DEFAULT_OUTPUT_LIMIT = 64 * 1024;

/**
 * A warm pool of Pyodide interpreters in worker threads. Each run starts from a reset interpreter (fresh files,
 * modules and builtins); a run that times out, crashes or runs out of memory takes its worker down with it and a
 * new one is started in its place.
 */
export class SandboxPool {
  private slots: Slot[] = [];
  private waiting: ((slot: Slot) => void)[] = [];
  private closed = false;
  private readonly options: Required<SandboxOptions>;
  private readonly harnessSource: string;
  private readonly indexURL: string;
  private readonly workerFile: string;

  constructor(options: SandboxOptions = {}) {
    this.options = { size: 2, memoryLimitMb: 384, heapLimitMb: 128, maxRunsPerWorker: 200, ...options };
    const root = process.cwd();
    this.harnessSource = readFileSync(path.join(root, "public", "lantern-harness.py"), "utf8");
    this.indexURL = path.join(root, "node_modules", "pyodide") + path.sep;
    this.workerFile = path.join(root, "lib", "grading", "sandbox-worker.mjs");
    for (let i = 0; i < this.options.size; i++) this.slots.push(this.spawn());
  }

  /** Resolves when every interpreter has loaded (for benchmarks and start-up warming). */
  async warm(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  /** Runs one job on the next free interpreter, enforcing the wall-clock limit. */
  async run(job: SandboxJob): Promise<SandboxResult> {
    const slot = await this.acquire();
    try {
      return await this.execute(slot, job);
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerFile, {
      // No secrets: the worker's process.env is empty (and hardened away entirely before student code runs).
      env: {},
      workerData: {
        indexURL: this.indexURL,
        harnessSource: this.harnessSource,
        memoryLimitBytes: this.options.memoryLimitMb * 1024 * 1024,
      },
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapLimitMb, maxYoungGenerationSizeMb: 32 },
      stdout: true,
      stderr: true,
    });
    worker.unref();
    worker.stdout.resume();
    worker.stderr.resume();
    const slot: Slot = { worker, runs: 0, busy: false, dead: false, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: { type: string }) => {
        if (m.type !== "ready") return;
        worker.off("message", onMessage);
        resolve();
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
      worker.once("exit", () => reject(new Error("sandbox worker exited while starting")));
    });
    slot.ready.catch(() => {});
    worker.once("exit", () => (slot.dead = true));
    return slot;
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new Error("sandbox pool is closed"));
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot) {
    let next = slot;
    if (slot.dead || slot.runs >= this.options.maxRunsPerWorker) {
      if (!slot.dead) void slot.worker.terminate();
      const index = this.slots.indexOf(slot);
      next = this.spawn();
      if (index >= 0) this.slots[index] = next;
    }
    if (this.closed) return void next.worker.terminate();
    const waiter = this.waiting.shift();
    if (waiter) {
      next.busy = true;
      waiter(next);
    } else {
      next.busy = false;
    }
  }

  private async execute(slot: Slot, job: SandboxJob): Promise<SandboxResult> {
    const started = performance.now();
    const result: SandboxResult = {
      cases: job.ioCases.map(() => null),
      tests: job.functionTests.map(() => null),
      failure: null,
      ms: 0,
    };
    const worker = slot.worker;
    let settle!: () => void;
    const finished = new Promise<void>((resolve) => (settle = resolve));
    const kill = (failure: SandboxResult["failure"]) => {
      result.failure ??= failure;
      slot.dead = true;
      void worker.terminate();
      settle();
    };
    const onMessage = (m: { type: string; index?: number; result?: never; memoryBytes?: number; message?: string }) => {
      if (m.type === "case") result.cases[m.index!] = m.result!;
      else if (m.type === "test") result.tests[m.index!] = m.result!;
      else if (m.type === "done") {
        if ((m.memoryBytes ?? 0) > (this.options.memoryLimitMb * 1024 * 1024) / 2) slot.dead = true;
        settle();
      } else if (m.type === "fatal") kill({ kind: "crash", message: `The Python interpreter crashed: ${m.message}` });
    };
    const onError = (error: Error & { code?: string }) =>
      kill(
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? { kind: "memory", message: "Your program used too much memory." }
          : { kind: "crash", message: "The Python interpreter crashed." },
      );
    const onExit = () => kill({ kind: "crash", message: "The Python interpreter stopped unexpectedly." });
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    // The limit covers the whole run; loading the interpreter (if still starting) does not count against it.
    try {
      await slot.ready;
    } catch {
      slot.dead = true;
      result.failure = { kind: "crash", message: "The Python interpreter failed to start." };
      return result;
    }
    const timer = setTimeout(
      () => kill({ kind: "timeout", message: `Time limit exceeded: the tests did not finish within ${job.timeLimitMs / 1000} s.` }),
      job.timeLimitMs,
    );
    worker.postMessage({
      files: job.files,
      mainFile: job.mainFile,
      moduleName: job.mainFile.replace(/\.py$/, ""),
      ioCases: job.ioCases,
      functionTests: job.functionTests,
      outputLimit: job.outputLimit ?? DEFAULT_OUTPUT_LIMIT,
    });
    await finished;
    clearTimeout(timer);
    worker.off("message", onMessage);
    worker.off("error", onError);
    worker.off("exit", onExit);
    slot.runs += 1;
    result.ms = performance.now() - started;
    return result;
  }
}

const holder = globalThis as unknown as { __lanternSandbox?: SandboxPool };

/** The process-wide sandbox pool, started on first use. */
export function sandboxPool(): SandboxPool {
  holder.__lanternSandbox ??= new SandboxPool();
  return holder.__lanternSandbox;
}
