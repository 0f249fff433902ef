import { execFileSync, spawnSync } from "node:child_process";
import { describeLowPriority, lowPriority } from "@/lib/server/low-priority";
import { existsSync, lstatSync, readlinkSync, realpathSync } from "node:fs";
import path from "node:path";

/** The isolation layers a grading process gets. `bwrap` and `prlimit` are detected at start-up. */
export type SandboxLayers = {
  /** bubblewrap: namespaces (no network, own pid/ipc/uts, unprivileged uid), only runtime files visible. */
  bwrap: string | null;
  /** util-linux prlimit: CPU seconds, address space, file size, process count. */
  prlimit: string | null;
  /** Node's permission model (always: Node ≥ 20): no child processes, workers or writes, reads of the runtime only. */
  permission: true;
};

/** Grading processes start with nothing of the server's environment. */
export const EMPTY_ENV = {} as NodeJS.ProcessEnv;

const BWRAP = "/usr/bin/bwrap";
const PRLIMIT = "/usr/bin/prlimit";

// Grading processes run at the lowest CPU priority (lib/server/low-priority.ts), so a full grading queue never holds
// up a web request or the grader's own bookkeeping. The run's time limit counts the CPU time it got (time-limit.ts),
// so waiting for a core costs a submission nothing but latency.

/** Whether bubblewrap can actually create its sandbox here (it fails without user namespaces, e.g. in Docker). */
function bwrapWorks(): boolean {
  if (process.platform !== "linux" || !existsSync(BWRAP)) return false;
  const probe = spawnSync(BWRAP, ["--unshare-all", "--die-with-parent", "--ro-bind", process.execPath, process.execPath, ...libraryBinds(), "--", process.execPath, "-e", "0"], {
    timeout: 10_000,
    stdio: "ignore",
    env: EMPTY_ENV,
  });
  return probe.status === 0;
}

/** Detects the layers available on this machine. */
export function detectSandboxLayers(): SandboxLayers {
  return {
    bwrap: bwrapWorks() ? BWRAP : null,
    prlimit: process.platform === "linux" && existsSync(PRLIMIT) ? PRLIMIT : null,
    permission: true,
  };
}

let libraries: string[] | null = null;

/** The shared libraries the node binary loads (from ldd), so the sandbox shows nothing else of /usr. */
function nodeLibraries(): string[] {
  if (libraries) return libraries;
  try {
    const out = execFileSync("ldd", [process.execPath], { encoding: "utf8", env: EMPTY_ENV });
    libraries = [...out.matchAll(/(\/\S+)/g)].map((m) => m[1]).filter((p) => existsSync(p));
  } catch {
    libraries = [];
  }
  return libraries;
}

/**
 * bwrap arguments that make `file` visible read-only at its own path, recreating symlinked ancestors
 * (e.g. Debian's /lib → usr/lib) as symlinks so the dynamic loader finds libraries where ldd said.
 */
function exposeReadOnly(file: string, links: Map<string, string>, binds: Set<string>): void {
  let current = "/";
  for (const part of path.resolve(file).split("/").filter(Boolean)) {
    const next = path.join(current, part);
    const stat = lstatSync(next, { throwIfNoEntry: false });
    if (stat?.isSymbolicLink()) {
      const target = readlinkSync(next);
      if (!links.has(next)) links.set(next, target);
      current = path.resolve(current, target);
    } else current = next;
  }
  binds.add(realpathSync(file));
}

function libraryBinds(): string[] {
  return bindArgs([...nodeLibraries()]);
}

function bindArgs(files: string[]): string[] {
  const links = new Map<string, string>();
  const binds = new Set<string>();
  for (const f of files) exposeReadOnly(f, links, binds);
  const args: string[] = [];
  for (const [link, target] of links) args.push("--symlink", target, link);
  for (const b of binds) args.push("--ro-bind", b, b);
  return args;
}

/**
 * V8 flags for grading processes. A grading process lives for one submission and runs mostly start-up code, so
 * compiling Pyodide's WebAssembly for speed never pays for itself (measured with bench/grading.ts and per-thread CPU
 * from /proc, 2 cores):
 * - `--liftoff-only`: no TurboFan tier-up. V8 compiles each function with its baseline compiler (Liftoff) on first
 *   call and recompiles hot ones with TurboFan on background threads; in a grading process that recompilation was
 *   0.35–0.5 s of CPU per submission, as much as everything else it did. Even a 10-million-iteration Python loop
 *   used less CPU without it (2.3 s vs 3.0 s: its recompilation costs more than it saves within one run), though
 *   tier-up finishes such a loop sooner on an idle machine, where the compile threads run on otherwise idle cores.
 *
 * Not `--wasm-lazy-validation` (~30 ms less per process): Pyodide detects WebAssembly features by compiling a probe
 * module and catching the CompileError (its wasm-gc error helper); with lazy validation the probe compiles, fails
 * only when called, and a cold start (no snapshot) dies with "Invalid opcode 0xfb".
 */
export const SANDBOX_V8_FLAGS = ["--liftoff-only"] as const;

/**
 * A grading process's node flags other than the permission model's. The snapshot makers run with the same ones:
 * V8 accepts the code cache they write (sandbox-child.mjs) only under the flags it was made with.
 */
export function engineFlags(heapMb: number, v8Flags: readonly string[] = SANDBOX_V8_FLAGS): string[] {
  return [
    ...v8Flags,
    `--max-old-space-size=${heapMb}`,
    // The young generation starts at its full 16 MB: start-up allocates ~20 MB of short-lived objects, and growing
    // from 1 MB cost six extra scavenges (310 -> 290 ms of CPU to ready, median of 12 alternating starts; +8 MB RSS).
    "--min-semi-space-size=16",
    "--max-semi-space-size=16",
    "--no-warnings",
    "--disallow-code-generation-from-strings",
  ];
}

export type Limits = { cpuSeconds: number; addressSpaceMb: number; fileSizeBytes: number; processes: number };

/**
 * The command line of one grading process: prlimit (rlimits) around bubblewrap (namespaces) around node with the
 * permission model and a heap cap. `readable` are the only host paths the process can see (read-only).
 */
export function sandboxCommand({
  layers,
  limits,
  readable,
  heapMb,
  script,
  args,
  v8Flags = SANDBOX_V8_FLAGS,
}: {
  layers: SandboxLayers;
  limits: Limits;
  readable: string[];
  heapMb: number;
  script: string;
  args: string[];
  v8Flags?: readonly string[];
}): string[] {
  const node = [
    process.execPath,
    "--experimental-permission",
    ...readable.map((p) => `--allow-fs-read=${p}`),
    ...engineFlags(heapMb, v8Flags),
    script,
    ...args,
  ];
  let argv = node;
  if (layers.bwrap) {
    argv = [
      layers.bwrap,
      "--unshare-all",
      "--die-with-parent",
      "--new-session",
      "--clearenv",
      "--uid", "65534",
      "--gid", "65534",
      "--hostname", "sandbox",
      // The private /tmp comes first: binds after it may sit inside it (the grader's snapshot directory).
      "--tmpfs", "/tmp",
      ...bindArgs([process.execPath, ...nodeLibraries(), ...readable]),
      "--proc", "/proc",
      "--dev", "/dev",
      "--chdir", "/tmp",
      "--cap-drop", "ALL",
      "--",
      ...node,
    ];
  }
  argv = [...lowPriority(), ...argv];
  if (layers.prlimit) {
    argv = [
      layers.prlimit,
      `--cpu=${limits.cpuSeconds}`,
      `--as=${limits.addressSpaceMb * 1024 * 1024}`,
      `--fsize=${limits.fileSizeBytes}`,
      `--nproc=${limits.processes}`,
      "--core=0",
      "--",
      ...argv,
    ];
  }
  return argv;
}

/** A one-line description for the start-up log. */
export function describeLayers(layers: SandboxLayers): string {
  return [
    layers.bwrap ? "bubblewrap namespaces" : "NO namespace sandbox",
    layers.prlimit ? "rlimits" : "no rlimits",
    "node permission model",
    "fresh process per submission",
    describeLowPriority(),
  ].join(", ");
}
