import { spawn } from "node:child_process";
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
 * 230–310 MB for the worker, 160 MB of it node, tsx and the modules before any work).
 */
const WORKER_HEAP_MB = 256;

/** Whether exports are built in a child process here (EXPORT_WORKER, and never with the embedded database). */
export function exportsInWorkerProcess(): boolean {
  return env().EXPORT_WORKER === "process" && databaseDriver() !== "pglite";
}

/** The command that builds one claimed job: `scripts/export-worker.ts` under tsx, as `npm run lantern` runs. */
export function workerCommand(jobId: string): string[] {
  return [
    ...lowPriority(),
    process.execPath,
    `--max-old-space-size=${WORKER_HEAP_MB}`,
    "--import",
    "tsx",
    "--conditions=react-server",
    path.join(process.cwd(), "scripts", "export-worker.ts"),
    jobId,
  ];
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
