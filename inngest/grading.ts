import { cron, eventType } from "inngest";
import { z } from "zod";
import { runGradingJob } from "@/lib/grading/grade";
import { inngest } from "./client";

/** A submission was queued for grading (the `grading_jobs` row is the durable record; this only wakes a grader). */
export const submissionQueued = eventType("lantern/submission.queued", { schema: z.object({ jobId: z.uuid() }) });

/**
 * Grades one queued job. Idempotent by job: `runGradingJob` claims the row first, so a duplicate event (or the
 * in-process runner getting there first) does nothing. The sandbox run stays inside one step: it is the unit of work.
 */
export const gradeSubmission = inngest.createFunction(
  { id: "grade-submission", retries: 2, idempotency: "event.data.jobId", triggers: [submissionQueued] },
  async ({ event, step }) => step.run("grade", () => runGradingJob({ jobId: event.data.jobId })),
);

/** Every minute: grades jobs whose event was lost or whose grader crashed (expired claims), a few per run. */
export const sweepGradingJobs = inngest.createFunction(
  { id: "sweep-grading-jobs", triggers: [cron("* * * * *")] },
  async ({ step }) => {
    let graded = 0;
    for (let i = 0; i < 10; i++) {
      const { outcome } = await step.run(`grade-${i}`, () => runGradingJob());
      if (outcome === "not_claimed") break;
      graded++;
    }
    return { graded };
  },
);
