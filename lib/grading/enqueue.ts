import { submissionQueued } from "@/inngest/grading";
import { inngest } from "@/inngest/client";
import { backgroundMode } from "@/lib/background";
import { log } from "@/lib/log";
import { env } from "@/lib/env";
import { wakeGradingRunner } from "./runner";

/**
 * Gets a queued grading job picked up: an Inngest event when Inngest is configured, else the in-process runner.
 * With GRADER_MODE=external neither: `npm run grader` processes poll the durable rows (an event would only make
 * Inngest call this web server, which does not grade). Without a job id (bulk regrades) only the runner is woken. The job row is already durable, so a failed send only delays grading (the in-process runner or the sweep finds it).
 */
export function notifyGradingQueued(jobId?: string): void {
  const mode = backgroundMode();
  if (mode === "manual" || env().GRADER_MODE === "external") return;
  if (mode === "in-process" || !jobId) return wakeGradingRunner();
  inngest.send(submissionQueued.create({ jobId })).catch((error: unknown) => {
    log.warn("could not send the grading event; grading in process instead", { jobId, error });
    wakeGradingRunner();
  });
}
