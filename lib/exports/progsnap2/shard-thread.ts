import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { databaseDriver, env } from "@/lib/env";
import type { BuildContext, ShardRunner } from "../build-context";
import { workerBundle } from "../worker-process";
import type { ShardOutput } from "./shard";

/**
 * Shards for a process that builds exports on its own (the export worker, `npm run lantern -- export`): EXPORT_THREADS,
 * by default 2 with 4 or more cores, else 1. None on the embedded database: its files belong to one thread.
 */
export function exportParallelism(): BuildContext["parallel"] {
  if (databaseDriver() === "pglite") return undefined;
  const setting = env().EXPORT_THREADS;
  const shards = setting === "auto" ? (os.availableParallelism() >= 4 ? 2 : 1) : setting;
  return shards > 1 ? { shards, run: threadShardRunner() } : undefined;
}

/** Each shard thread's heap limit, as the export worker's own (worker-process.ts). */
const SHARD_HEAP_MB = 256;

/** The shard thread bundled by `npm run build` (scripts/build-export-worker.ts), relative to the project root. */
const SHARD_BUNDLE = path.join(".next", "lantern", "export-shard.mjs");

/**
 * The thread's entry: the bundle while it matches its sources (as the export worker's, workerBundle()), else
 * `scripts/export-shard.mjs`, which loads `export-shard.ts` through tsx.
 */
export function shardThreadEntry(): { file: string; execArgv: string[] } {
  const bundle = workerBundle(path.join(process.cwd(), /*turbopackIgnore: true*/ SHARD_BUNDLE));
  return { file: bundle ?? path.join(process.cwd(), "scripts", "export-shard.mjs"), execArgv: ["--conditions=react-server"] };
}

export type ShardMessage = { type: "progress"; done: number } | { type: "done"; output: ShardOutput };

/**
 * Runs ProgSnap2 shards in worker threads of this process (the export worker: its own process, at the lowest CPU
 * priority, which its threads share). A thread has its own database connections; it reports progress and its
 * output by message, and is terminated when the build is aborted.
 */
export function threadShardRunner(entry = shardThreadEntry()): ShardRunner {
  return ({ input, paths, onProgress, signal }) =>
    new Promise<ShardOutput>((resolve, reject) => {
      const worker = new Worker(entry.file, { workerData: { input, paths }, execArgv: entry.execArgv, resourceLimits: { maxOldGenerationSizeMb: SHARD_HEAP_MB } });
      let output: ShardOutput | null = null;
      let reported: Promise<void> = Promise.resolve();
      const stop = () => void worker.terminate();
      signal.addEventListener("abort", stop, { once: true });
      worker.on("message", (message: ShardMessage) => {
        if (message.type === "progress") reported = reported.then(() => onProgress(message.done)).catch(() => undefined);
        else output = message.output;
      });
      worker.once("error", (error) => {
        signal.removeEventListener("abort", stop);
        reject(error);
      });
      worker.once("exit", (code) => {
        signal.removeEventListener("abort", stop);
        if (output) resolve(output);
        else reject(new Error(signal.aborted ? "export shard stopped" : `export shard thread exited with code ${code} before finishing`));
      });
    });
}
