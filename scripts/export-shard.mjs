// The entry of an export shard's worker thread (lib/exports/progsnap2/shard-thread.ts). `--import tsx` in a
// worker's execArgv does not reach the worker's own entry on Node 20, so the thread registers tsx itself.
import { register } from "tsx/esm/api";

register();
await import("./export-shard.ts");
