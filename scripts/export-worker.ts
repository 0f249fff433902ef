// Builds one export job that the server has claimed (lib/exports/worker-process.ts starts this, one process per
// job): bundled by `npm run build` into .next/lantern/export-worker.mjs and run as `node --conditions=react-server
// .next/lantern/export-worker.mjs <jobId>`, or without a current bundle as `node --import tsx
// --conditions=react-server scripts/export-worker.ts <jobId>`. Not a command for people; `npm run lantern -- export` is.
import { getDatabase } from "@/db/client";
import { exportParallelism } from "@/lib/exports/progsnap2/shard-thread";
import { buildExportJob } from "@/lib/exports/run";
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

main(process.argv[2])
  .then(async (code) => {
    await getDatabase().close();
    process.exit(code);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
