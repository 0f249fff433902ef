import { exportRequested } from "@/inngest/exports";
import { inngest } from "@/inngest/client";
import type { ExportKind } from "@/lib/models/export-jobs";
import { backgroundMode } from "@/lib/background";
import { log } from "@/lib/log";
import { insertExportJob, type ExportJob } from "@/lib/models/export-jobs";
import { storedParams, type ExportParams } from "./params";
import { wakeExportRunner } from "./runner";

/**
 * Queues an export job for an authorized requester (see lib/exports/access) and gets it built: an Inngest event
 * when Inngest is configured, else the in-process runner. The row is durable, so a failed send only delays it.
 */
export async function requestExport(input: { kind: ExportKind; audience: "staff" | "research"; courseId: string; requestedByUserId: string; params: ExportParams }): Promise<ExportJob> {
  const job = await insertExportJob({ ...input, params: storedParams(input.params) });
  const mode = backgroundMode();
  if (mode === "in-process") wakeExportRunner();
  else if (mode === "inngest") {
    inngest.send(exportRequested.create({ jobId: job.id })).catch((error: unknown) => {
      log.warn("could not send the export event; building in process instead", { jobId: job.id, error });
      wakeExportRunner();
    });
  }
  return job;
}
