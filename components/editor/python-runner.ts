// Talks to the Pyodide worker (components/editor/python-worker.js, served at a versioned URL: lib/python-runtime.ts). Stop and the time limit terminate the worker; a fresh one
// is started for the next run (student code can hang the worker, so it is never reused after a stop).
import type { CaseOutcome, TestOutcome } from "@/lib/grading/outcome";
import { toRunnerTests } from "@/lib/grading/runner-tests";
import type { StudentFunctionTest, StudentIoCase } from "@/lib/submissions/shapes";
import type { StarterFile } from "@/lib/grading/types";

type Message =
  | { type: "ready" }
  | { id: number; type: "output"; stream: "stdout" | "stderr"; text: string }
  | { id: number; type: "case"; index: number; result: CaseOutcome }
  | { id: number; type: "test"; index: number; result: TestOutcome }
  | { id: number; type: "done"; result?: CaseOutcome }
  | { id: number; type: "error"; message: string };

export type RunEnd = { kind: "done"; result: CaseOutcome } | { kind: "stopped" | "timeout" | "failed"; message: string };

const OUTPUT_LIMIT = 200_000;

/** Python that could not load while offline is almost always a runtime this device has not stored yet. */
function failure(message: string): string {
  if (!message.startsWith("Python failed to load") || navigator.onLine) return message;
  return "Python could not start: you are offline and this device has not stored Python yet. Run again once you are back online.";
}

export class PythonRunner {
  private worker: Worker | null = null;
  private nextId = 1;
  private stopCurrent: ((end: RunEnd) => void) | null = null;
  loaded = false;
  private markFirstLoad: () => void = () => {};
  /** Settles the first time Python has loaded in a worker. */
  readonly firstLoad = new Promise<void>((resolve) => (this.markFirstLoad = resolve));

  /** `workerUrl`: the versioned worker URL from the server's runtime manifest. */
  constructor(private readonly workerUrl: string) {}

  /** Starts the worker early so the first Run does not wait for Python to load. */
  warm(): void {
    this.ensure();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    this.loaded = false;
    const worker = new Worker(this.workerUrl, { type: "module" });
    worker.addEventListener("message", (e: MessageEvent<Message>) => {
      if (e.data.type === "ready") {
        this.loaded = true;
        this.markFirstLoad();
      }
    });
    this.worker = worker;
    return worker;
  }

  /** Stops whatever is running (the worker is discarded). */
  stop(): void {
    this.stopCurrent?.({ kind: "stopped", message: "Stopped." });
  }

  private kill() {
    this.worker?.terminate();
    this.worker = null;
    this.loaded = false;
  }

  private exchange<T>(
    job: Record<string, unknown>,
    timeLimitMs: number,
    onMessage: (m: Message, finish: (end: T | RunEnd) => void) => void,
  ): Promise<T | RunEnd> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (end: T | RunEnd) => {
        clearTimeout(timer);
        worker.removeEventListener("message", listener);
        this.stopCurrent = null;
        const stopped = (end as RunEnd).kind;
        if (stopped === "stopped" || stopped === "timeout") this.kill();
        resolve(end);
      };
      const listener = (e: MessageEvent<Message>) => {
        const m = e.data;
        if (m.type === "ready") {
          // The time limit starts once Python is loaded, so a slow first load is not a timeout.
          timer = setTimeout(() => finish({ kind: "timeout", message: `Stopped after ${timeLimitMs / 1000} s (time limit).` }), timeLimitMs);
          return;
        }
        if (m.id !== id) return;
        if (m.type === "error") finish({ kind: "failed", message: failure(m.message) });
        else onMessage(m, finish);
      };
      worker.addEventListener("message", listener);
      this.stopCurrent = finish;
      if (this.loaded) timer = setTimeout(() => finish({ kind: "timeout", message: `Stopped after ${timeLimitMs / 1000} s (time limit).` }), timeLimitMs);
      worker.postMessage({ id, outputLimit: OUTPUT_LIMIT, ...job });
    });
  }

  /** Runs the main file with the given stdin, streaming output. */
  run(
    { files, mainFile, stdin, timeLimitMs }: { files: StarterFile[]; mainFile: string; stdin: string; timeLimitMs: number },
    onOutput: (stream: "stdout" | "stderr", text: string) => void,
  ): Promise<RunEnd> {
    return this.exchange<RunEnd>({ kind: "run", files, mainFile, stdin }, timeLimitMs, (m, finish) => {
      if (m.type === "output") onOutput(m.stream, m.text);
      else if (m.type === "done") finish({ kind: "done", result: m.result! });
    }) as Promise<RunEnd>;
  }

  /** Runs the visible tests; reports each result as it arrives. */
  check(
    job: { files: StarterFile[]; mainFile: string; functionTests: StudentFunctionTest[]; ioCases: StudentIoCase[]; timeLimitMs: number },
    onResult: (kind: "test" | "case", index: number, result: TestOutcome | CaseOutcome) => void,
  ): Promise<RunEnd | { kind: "checked" }> {
    const { timeLimitMs, functionTests, ioCases, ...rest } = job;
    const prepared = { functionTests: toRunnerTests(functionTests), ioCases: ioCases.map((c) => ({ stdin: c.stdin })) };
    return this.exchange<{ kind: "checked" }>({ kind: "check", ...rest, ...prepared }, timeLimitMs, (m, finish) => {
      if (m.type === "test" || m.type === "case") onResult(m.type, m.index, m.result);
      else if (m.type === "done") finish({ kind: "checked" });
    });
  }
}
