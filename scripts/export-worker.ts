// Builds one export job that the server has claimed (lib/exports/worker-process.ts starts this, one process per
// job): bundled by `npm run build` into .next/lantern/export-worker.mjs and run as `node --conditions=react-server
// .next/lantern/export-worker.mjs <jobId>`, or without a current bundle as `node --import tsx
// --conditions=react-server scripts/export-worker.ts <jobId>`. Not a command for people; `npm run lantern -- export` is.
import { connectDatabase, connectOptionsFromEnv, getDatabase, setDatabase } from "@/db/client";
import { exportParallelism } from "@/lib/exports/progsnap2/shard-thread";
import { buildExportJob } from "@/lib/exports/run";
import { namedPreparedStatements } from "@/lib/env";
import { log } from "@/lib/log";
import { selectExportJob } from "@/lib/models/export-jobs";

async function main(jobId: string | undefined): Promise<number> {
  if (!jobId) {
    console.error("usage: export-worker.ts <jobId>");
    return 2;
  }
  const job = await selectExportJob({ unsafeJobId: jobId });
  // Only a job its parent claimed a moment ago; anything else is not this process's to build.
  if (job.status !== "running") {
    console.error(`export ${jobId} is ${job.status}, not running`);
    return 3;
  }
  await buildExportJob(job, { parallel: exportParallelism() });
  // The process's peak RSS (getrusage ru_maxrss, KiB), so each export's memory shows in the server's log (issue 15).
  log.info("export worker finished", { jobId, kind: job.kind, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
  return 0;
}

// Generic plans, made once per connection and statement: the export's page queries are the same named statements
// thousands of times over, and a plan for the ids at hand (Postgres's choice: each page's ids make the estimate
// cheaper than a generic plan's) was planned anew for each page, about a tenth of Postgres's CPU for the build
// (issue 15's bench: 17.5 → 15.4–16.0 s for a million events). Named statements only live where connections are
// not shared through a transaction pooler, and neither would a SET (db/prepared.ts).
setDatabase(connectDatabase({ ...connectOptionsFromEnv(), sessionSettings: namedPreparedStatements() ? { plan_cache_mode: "force_generic_plan" } : undefined }));

main(process.argv[2])
  .then(async (code) => {
    await getDatabase().close();
    process.exit(code);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
