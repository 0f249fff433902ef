import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { gradeSubmission, submissionQueued, sweepGradingJobs } from "./grading";

const jobId = "7f1f0a86-6a55-4b3b-9a3c-1b7f3c6f0d11";

describe("grade-submission", () => {
  it("grades the job in one step, idempotent by job id", async () => {
    const t = new InngestTestEngine({
      function: gradeSubmission,
      events: [{ name: submissionQueued.name, data: { jobId } }],
      steps: [{ id: "grade", handler: () => ({ outcome: "graded", jobId }) }],
    });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ outcome: "graded", jobId });
    expect(ctx.step.run).toHaveBeenCalledTimes(1);
    expect((gradeSubmission as unknown as { opts: { idempotency: string } }).opts.idempotency).toBe("event.data.jobId");
  });
});

describe("sweep-grading-jobs", () => {
  it("grades stranded jobs until none is left to claim", async () => {
    const t = new InngestTestEngine({
      function: sweepGradingJobs,
      events: [{ name: "inngest/scheduled.timer", data: {} }],
      steps: [
        { id: "grade-0", handler: () => ({ outcome: "graded", jobId }) },
        { id: "grade-1", handler: () => ({ outcome: "not_claimed" }) },
      ],
    });
    const { result } = await t.execute();
    expect(result).toEqual({ graded: 1 });
  });
});
