import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { systemAuthz } from "@/lib/auth/authz";
import { databaseDriver, env } from "@/lib/env";
import { log } from "@/lib/log";
import { claimExportJob, failExportJob, selectExportJob } from "@/lib/models/export-jobs";
import { lowPriority } from "@/lib/server/low-priority";
import { runExportJob, type ExportOutcome } from "./run";

/**
 * The export worker's heap limit. A million-event ProgSnap2 build keeps about 65–100 MB live (a pseudonym per code
 * state; the zip's central directory is outside the heap), so this leaves room for courses a few times that size,
 * while a runaway build fails its own job instead of taking the machine's memory (issue 15's bench: peak RSS
 * 230–310 MB for the worker under tsx, 160 MB of it node, tsx and the modules before any work).
 */
const WORKER_HEAP_MB = 256;

/** Whether exports are built in a child process here (EXPORT_WORKER, and never with the embedded database). */
export function exportsInWorkerProcess(): boolean {
  return env().EXPORT_WORKER === "process" && databaseDriver() !== "pglite";
}

/** The bundled worker `npm run build` writes (scripts/build-export-worker.ts), relative to the project root. */
export const WORKER_BUNDLE = path.join(".next", "lantern", "export-worker.mjs");

/**
 * The bundled worker to run, or null to run the TypeScript under tsx: when the build made none (`next build` alone,
 * development) or the source has changed since (a bundle left by an earlier build would run stale code). The bundle's
 * sources file names each source file in it with its SHA-256; checking them reads ~70 small files per export.
 */
export function workerBundle(file = path.join(process.cwd(), /*turbopackIgnore: true*/ WORKER_BUNDLE)): string | null {
  let sources: Record<string, string>;
  try {
    sources = (JSON.parse(readFileSync(file.replace(/\.mjs$/, ".sources.json"), "utf8")) as { sources: Record<string, string> }).sources;
  } catch {
    return null;
  }
  const root = process.cwd();
  for (const [source, sha256] of Object.entries(sources)) {
    let actual: string | null = null;
    try {
      actual = createHash("sha256").update(readFileSync(path.join(root, /*turbopackIgnore: true*/ source))).digest("hex");
    } catch {
      // Gone: stale.
    }
    if (actual !== sha256) {
      log.warn("export worker bundle is older than the source: exports run under tsx (npm run build makes a current one)", { changed: source });
      return null;
    }
  }
  return existsSync(file) ? file : null;
}

/**
 * The command that builds one claimed job: the bundled worker under plain node after `npm run build` (no tsx loader:
 * ~65 MB less RSS at start, issue 15), else `scripts/export-worker.ts` under tsx, as `npm run lantern` runs it.
 * Both resolve packages with the react-server condition, as the Next server does (`server-only`).
 */
export function workerCommand(jobId: string, { bundle = workerBundle() }: { bundle?: string | null } = {}): string[] {
  const entry = bundle ? [bundle] : ["--import", "tsx", path.join(process.cwd(), "scripts", "export-worker.ts")];
  return [...lowPriority(), process.execPath, `--max-old-space-size=${WORKER_HEAP_MB}`, "--conditions=react-server", ...entry, jobId];
}

/**
 * Claims one export job (a given one, or the next due) and builds it in a child process at the lowest CPU priority
 * (see EXPORT_WORKER), or here when exports are inline. A child that dies without recording an outcome (killed,
 * out of memory) leaves a failed job with its exit status, which the requester can retry.
 */
export async function runExportJobIsolated({
  jobId,
  inline = !exportsInWorkerProcess(),
  command = workerCommand,
}: { jobId?: string; inline?: boolean; command?: (jobId: string) => string[] } = {}): Promise<ExportOutcome> {
  if (inline) return runExportJob({ jobId });
  const system = systemAuthz();
  const job = await claimExportJob(system, { jobId });
  if (!job) return { outcome: "not_claimed" };
  const [file, ...args] = command(job.id);
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    // The worker's logs are the server's logs; its environment is the server's (database, storage, mail).
    const child = spawn(file, args, { stdio: ["ignore", "inherit", "inherit"] });
    child.once("error", (error) => resolve({ code: null, signal: null, error }));
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const after = await selectExportJob({ unsafeJobId: job.id });
  if (after.status === "done") return { outcome: "done", jobId: job.id };
  if (after.status === "running") {
    const how = exit.error ? `could not start: ${exit.error.message}` : exit.signal ? `killed by ${exit.signal}` : `exited with status ${exit.code}`;
    log.error("export worker stopped without finishing", { jobId: job.id, how });
    await failExportJob(system, {
      jobId: job.id,
      message: "The export stopped unexpectedly. Retry it; if it fails again, tell your Lantern administrator.",
      error: `export worker ${how}`,
    });
  }
  return { outcome: "failed", jobId: job.id };
}
