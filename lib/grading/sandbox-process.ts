import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { EMPTY_ENV } from "./sandbox-layers";

/** Why a grading process ended before it answered. */
export type ProcessEnd = { kind: "exit"; code: number } | { kind: "signal"; signal: string } | { kind: "protocol"; message: string };

const LINE_LIMIT = 4 * 1024 * 1024;
const STDERR_LIMIT = 8 * 1024;
const TICKS_PER_SECOND = 100; // USER_HZ, the unit of /proc/<pid>/stat times on Linux

/** Fields after the command name in /proc/<pid>/stat (the name may contain spaces), or null if the process is gone. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** The pid and its descendants (one scan of /proc: bwrap forks the sandbox's init, which forks node). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const parent = Number(statFields(pid)?.[1]);
    if (parent) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

/**
 * One grading process seen from the host: JSON lines in and out, every byte it writes counted against `byteLimit`
 * (a process that writes more, or anything that is not a JSON object line, is killed), its stderr kept only up to
 * 8 KB for the log. `kill()` ends its whole process group (bwrap, node and anything they started).
 */
export class SandboxProcess {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  /** Resolves once, when the process has ended (for whatever reason). */
  readonly ended: Promise<ProcessEnd>;
  stderr = "";
  /** CPU ms the process reported having used when it became ready (before any request). */
  readyCpuMs = 0;
  /** How it compiled Pyodide's JavaScript: "used" (the snapshot's V8 code cache), "rejected" or "none". */
  codeCache = "none";
  private tree: number[] | null = null;
  private end: ProcessEnd | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private received = 0;
  private waiters: { resolve: (m: Record<string, unknown>) => void; reject: (e: ProcessEnd) => void }[] = [];
  private queue: Record<string, unknown>[] = [];
  private finish!: (end: ProcessEnd) => void;

  constructor(argv: string[], private readonly byteLimit: number) {
    this.ended = new Promise((resolve) => (this.finish = resolve));
    this.child = spawn(argv[0], argv.slice(1), { env: EMPTY_ENV, stdio: ["pipe", "pipe", "pipe"], detached: true });
    this.child.stdin!.on("error", () => {});
    this.child.stdout!.on("data", (data: Buffer) => this.onData(data));
    this.child.stderr!.on("data", (data: Buffer) => {
      if (this.stderr.length < STDERR_LIMIT) this.stderr += data.toString("utf8").slice(0, STDERR_LIMIT - this.stderr.length);
    });
    this.child.on("error", (error) => this.stop({ kind: "protocol", message: `could not start: ${error.message}` }));
    this.child.on("exit", (code, signal) => this.stop(signal ? { kind: "signal", signal } : { kind: "exit", code: code ?? 0 }));
    this.ready = this.next().then((m) => {
      if (m.type !== "ready") throw { kind: "protocol", message: "did not start" } satisfies ProcessEnd;
      if (typeof m.cpuMs === "number" && Number.isFinite(m.cpuMs)) this.readyCpuMs = m.cpuMs;
      if (typeof m.codeCache === "string") this.codeCache = m.codeCache;
    });
    this.ready.catch(() => {});
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The end reason if the process is gone. */
  get gone(): ProcessEnd | null {
    return this.end;
  }

  /**
   * CPU ms (user + system, all threads) the process and its descendants have used so far, read by the host from
   * /proc, so nothing inside the sandbox can change it; null off Linux or once the process is gone. The tree is
   * found once: a sandboxed process cannot start others (no child_process under the permission model).
   */
  cpuMs(): number | null {
    const pid = this.child.pid;
    if (process.platform !== "linux" || !pid || this.end) return null;
    try {
      this.tree ??= processTree(pid);
    } catch {
      return null;
    }
    let ticks = 0;
    for (const p of this.tree) {
      const f = statFields(p);
      if (f) ticks += Number(f[11]) + Number(f[12]);
    }
    return (ticks * 1000) / TICKS_PER_SECOND;
  }

  /** Sends one message (never throws; a dead process simply never answers). */
  send(message: unknown): void {
    if (this.end) return;
    this.child.stdin!.write(JSON.stringify(message) + "\n");
  }

  /** The next message, or a rejection with the end reason when the process ends first. */
  next(): Promise<Record<string, unknown>> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.end) return Promise.reject(this.end);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Kills the whole process group (idempotent). */
  kill(reason: ProcessEnd = { kind: "signal", signal: "SIGKILL" }): void {
    const pid = this.child.pid;
    if (pid && this.child.exitCode === null && this.child.signalCode === null) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        this.child.kill("SIGKILL");
      }
    }
    this.stop(reason);
  }

  private stop(end: ProcessEnd) {
    if (this.end) return;
    this.end = end;
    for (const w of this.waiters.splice(0)) w.reject(end);
    this.finish(end);
    if (end.kind !== "exit" || this.child.exitCode === null) {
      const pid = this.child.pid;
      try {
        if (pid) process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }

  private onData(data: Buffer) {
    if (this.end) return;
    this.received += data.length;
    if (this.received > this.byteLimit) return this.kill({ kind: "protocol", message: "wrote more than the grader accepts" });
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    for (;;) {
      const nl = this.buffer.indexOf(10);
      if (nl < 0) break;
      const line = this.buffer.subarray(0, nl);
      this.buffer = this.buffer.subarray(nl + 1);
      let message: unknown;
      try {
        message = JSON.parse(line.toString("utf8"));
      } catch {
        return this.kill({ kind: "protocol", message: "wrote something that is not a grader message" });
      }
      if (!message || typeof message !== "object" || Array.isArray(message)) {
        return this.kill({ kind: "protocol", message: "wrote something that is not a grader message" });
      }
      const waiter = this.waiters.shift();
      if (waiter) waiter.resolve(message as Record<string, unknown>);
      else this.queue.push(message as Record<string, unknown>);
    }
    if (this.buffer.length > LINE_LIMIT) this.kill({ kind: "protocol", message: "wrote a message larger than the grader accepts" });
  }
}
