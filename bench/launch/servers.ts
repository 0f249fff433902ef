// The two servers under test: Lantern through `next start` (built first when the build is missing or older than
// the source) and the ltijs peer app. Both are process groups the bench kills at the end.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { listeningPid } from "./proc";

const ROOT = path.resolve(import.meta.dirname, "../..");

// Benches and e2e tests are not part of the build: changing them must not cost a rebuild.
const NOT_BUILT = /^(bench|e2e)\//;

/** A fingerprint of the source a build was made from: the committed files plus uncommitted changes. */
function sourceFingerprint(): string {
  const git = (...args: string[]) => spawnSync("git", args, { cwd: ROOT, maxBuffer: 1 << 28 }).stdout.toString();
  const built = (lines: string) => lines.split("\n").filter((line) => line && !NOT_BUILT.test(line.split("\t").pop()!));
  const untracked = built(git("ls-files", "--others", "--exclude-standard"));
  const hash = createHash("sha256")
    .update(built(git("ls-tree", "-r", "HEAD")).join("\n"))
    .update(git("diff", "HEAD", "--", ".", ":(exclude)bench", ":(exclude)e2e"));
  for (const file of untracked) hash.update(file).update(readFileSync(path.join(ROOT, file)));
  return hash.digest("hex");
}


/** Runs `next build` unless .next was built from exactly this source. */
export function buildIfStale(): void {
  const marker = path.join(ROOT, ".next", "bench-source");
  const fingerprint = sourceFingerprint();
  if (existsSync(path.join(ROOT, ".next", "BUILD_ID")) && existsSync(marker) && readFileSync(marker, "utf8") === fingerprint) {
    console.log("launch bench: reusing .next (built from this source)");
    return;
  }
  console.log("launch bench: building (next build)…");
  const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "next"), ["build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error("next build failed");
  writeFileSync(marker, fingerprint);
}

export type Server = { child: ChildProcess; pid: number; origin: string; stop: () => void };

async function waitFor(url: string, child: ChildProcess, seconds = 120): Promise<void> {
  for (let i = 0; i < seconds * 4; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}

function stopper(child: ChildProcess): () => void {
  return () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  };
}

/** The node flags `npm start` runs `next start` with (package.json), so the bench measures the server as deployed. */
export function npmStartFlags(): string[] {
  const start: string = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts.start;
  return /^node((?:\s+--\S+)*)\s/.exec(start)?.[1].trim().split(/\s+/).filter(Boolean) ?? [];
}

/**
 * `next start` on `port` with production settings on the given database, with `npm start`'s node flags. `nodeArgs`
 * go to node itself too (Node 20 refuses --cpu-prof in NODE_OPTIONS).
 */
export async function startLantern(p: { port: number; env: Record<string, string>; nodeArgs?: string[] }): Promise<Server> {
  const origin = `http://localhost:${p.port}`;
  const next = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [...npmStartFlags(), ...(p.nodeArgs ?? []), next, "start", "-p", String(p.port)], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, ...p.env },
  });
  await waitFor(`${origin}/api/health`, child);
  return { child, pid: listeningPid(p.port) ?? child.pid!, origin, stop: stopper(child) };
}

/** The bench-only ltijs Express app (bench/launch/ltijs-app.ts). */
export async function startLtijs(p: { port: number; env: Record<string, string> }): Promise<Server> {
  const origin = `http://127.0.0.1:${p.port}`;
  const child = spawn(
    path.join(ROOT, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", path.join(import.meta.dirname, "ltijs-app.ts")],
    { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...p.env, LTIJS_PORT: String(p.port) } },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("ready")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`ltijs app exited with ${code}: ${out}`)));
  });
  return { child, pid: listeningPid(p.port) ?? child.pid!, origin, stop: stopper(child) };
}
