import "server-only";
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

// The in-browser Python runtime (the editor's Run and Check), served from versioned URLs: /runtime/<hash>/<file>,
// where <hash> covers every file of its group. A URL therefore never changes meaning, so browsers may keep it for a
// year without asking again (Cache-Control immutable, RFC 8246) and the service worker can keep it for offline runs
// (public/lantern-runtime-sw.js). Files that change together share a group: Pyodide's five runtime files load each
// other by relative URL from one indexURL; the two harnesses (the grader's too, lib/grading/sandbox.ts) and the worker
// change on their own, so editing them does not make students download 13 MB of Pyodide again.
const root = process.cwd();
const GROUPS = {
  pyodide: {
    dir: path.join(root, "node_modules", "pyodide"),
    files: ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"],
  },
  harness: { dir: path.join(root, "public"), files: ["lantern-harness.py", "lantern-tests.py"] },
  worker: { dir: path.join(root, "components", "editor"), files: ["python-worker.js"] },
} as const;
type Group = keyof typeof GROUPS;

const CONTENT_TYPES: Record<string, string> = {
  ".mjs": "text/javascript; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".zip": "application/zip",
  ".json": "application/json",
  ".py": "text/x-python; charset=utf-8",
};

// Only each group's hash stays in memory, not its 13 MB of files: the web process's heap and RSS are budgeted
// (issue 14), and a browser fetches each versioned file once and keeps it for a year, so reading it from disk per
// request (the OS page cache serves repeats) costs nothing that matters.
type Loaded = { stamp: string; hash: string };
const loaded = new Map<Group, Loaded>();

function stampOf(group: Group): string {
  const { dir, files } = GROUPS[group];
  return files
    .map((f) => {
      const s = statSync(path.join(dir, f));
      return `${s.size}:${s.mtimeMs}`;
    })
    .join(",");
}

/**
 * The group's hash, computed again only when a file's size or mtime changed (development edits). Outside development
 * the files are part of the deployment and never change, so they are not looked at again: every editor page asks for
 * the manifest (seven stat calls per render before).
 */
function load(group: Group): Loaded {
  const cached = loaded.get(group);
  if (cached && env().APP_ENV !== "development") return cached;
  const { dir, files } = GROUPS[group];
  const stamp = stampOf(group);
  if (cached?.stamp === stamp) return cached;
  const hash = createHash("sha256");
  for (const f of files) hash.update(f).update("\0").update(readFileSync(path.join(dir, f)));
  const fresh = { stamp, hash: hash.digest("hex").slice(0, 16) };
  loaded.set(group, fresh);
  return fresh;
}

const base = (group: Group) => `/runtime/${load(group).hash}/`;

export type RuntimeManifest = {
  /** The worker's URL; its query names the Pyodide and harness URLs it loads (all versioned). */
  worker: string;
  /** Every URL the worker fetches, for the service worker to keep for offline use. */
  assets: string[];
};

/** The current versioned URLs of the editor's Python runtime. */
export function runtimeManifest(): RuntimeManifest {
  const pyodide = base("pyodide");
  const harness = `${base("harness")}lantern-harness.py`;
  const tests = `${base("harness")}lantern-tests.py`;
  const worker = `${base("worker")}python-worker.js?${new URLSearchParams({ pyodide, harness, tests })}`;
  return { worker, assets: [worker, harness, tests, ...GROUPS.pyodide.files.map((f) => pyodide + f)] };
}

/**
 * The file at /runtime/<version>/<file> (its path on disk, size and type), or null when no current group has that
 * version and file. The caller streams it from disk.
 */
export function runtimeAsset(version: string, file: string): { path: string; size: number; contentType: string } | null {
  for (const group of Object.keys(GROUPS) as Group[]) {
    if (!(GROUPS[group].files as readonly string[]).includes(file)) continue;
    if (load(group).hash !== version) return null;
    const full = path.join(GROUPS[group].dir, file);
    return { path: full, size: statSync(full).size, contentType: CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream" };
  }
  return null;
}
