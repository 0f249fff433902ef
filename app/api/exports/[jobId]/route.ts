import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { requireJobAccess } from "@/lib/exports/access";
import { selectExportJob } from "@/lib/models/export-jobs";

export const dynamic = "force-dynamic";

/** An export's status and progress, polled by the progress bar. */
export const GET = handler({ access: { user: true }, params: z.object({ jobId: z.string() }) }, async ({ session, params }) => {
  const job = await selectExportJob({ unsafeJobId: params.jobId });
  await requireJobAccess({ session: session, job });
  const expired = job.status === "done" && (!job.resultKey || (job.expiresAt !== null && job.expiresAt <= new Date()));
  return {
    id: job.id,
    status: expired ? "expired" : job.status,
    progress: job.progress,
    message: job.message,
    filename: job.resultFilename,
    bytes: job.resultBytes,
    rows: job.rowCount,
    expiresAt: job.expiresAt,
  };
});
