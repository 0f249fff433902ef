import { cron, eventType } from "inngest";
import { z } from "zod";
import { deleteExpiredExports } from "@/lib/exports/runner";
import { runExportJobIsolated } from "@/lib/exports/worker-process";
import { inngest } from "./client";

/** An export was requested (the `export_jobs` row is the durable record; this only wakes a builder). */
export const exportRequested = eventType("lantern/export.requested", { schema: z.object({ jobId: z.uuid() }) });

/**
 * Builds one export inside one step: the result streams to storage and only its key is recorded, so Inngest's 4 MB
 * step-output limit never matters. Idempotent by job (the row is claimed first); one export at a time per app.
 */
export const buildExport = inngest.createFunction(
  { id: "build-export", retries: 2, idempotency: "event.data.jobId", concurrency: [{ limit: 1 }], triggers: [exportRequested] },
  async ({ event, step }) => step.run("build", () => runExportJobIsolated({ jobId: event.data.jobId })),
);

/** Every 5 minutes: builds jobs whose event was lost or whose builder crashed; hourly work deletes expired files. */
export const sweepExports = inngest.createFunction({ id: "sweep-exports", triggers: [cron("*/5 * * * *")] }, async ({ step }) => {
  const built = await step.run("build-due", async () => (await runExportJobIsolated()).outcome);
  const deleted = await step.run("delete-expired", () => deleteExpiredExports());
  return { built, deleted };
});
