import { systemAuthz } from "@/lib/auth/authz";
import { log } from "@/lib/log";
import { updateSubmissionGrade, type AfterGradeWrite } from "@/lib/models/grades";
import { notifyGradeChanges } from "@/lib/passback/notify";
import { claimGradingJob, selectGradingContext, updateGradingJobFailure } from "@/lib/models/grading-jobs";
import { latePenalty } from "./policy";
import { sandboxPool, type SandboxPool } from "./sandbox";
import { buildResults, computeScore } from "./score";

const MAX_ATTEMPTS = 3;

export type GradeOutcome = "graded" | "not_claimed" | "retrying" | "failed";

/**
 * Grades one queued job (or the oldest due job when no id is given). Idempotent: a job that is already done or
 * claimed by someone else is not claimed again, and the grade write ignores a second result for the same job.
 * Used by the in-process runner and by the Inngest function alike.
 */
export async function runGradingJob({
  jobId,
  pool = sandboxPool(),
  afterWrite,
}: { jobId?: string; pool?: SandboxPool; afterWrite?: AfterGradeWrite } = {}): Promise<{ outcome: GradeOutcome; jobId?: string }> {
  const authz = systemAuthz();
  const job = await claimGradingJob(authz, { jobId });
  if (!job) return { outcome: "not_claimed" };
  try {
    const ctx = await selectGradingContext(authz, { jobId: job.id });
    const { assignment } = ctx;
    const mainFile = assignment.starterFiles[0]?.name ?? ctx.files[0]?.name ?? "main.py";
    const outcome = await pool.run({
      files: ctx.files,
      mainFile,
      ioCases: assignment.ioCases.map((c) => ({ stdin: c.stdin })),
      functionTests: assignment.functionTests.map((t) => ({ name: t.name, code: t.code })),
      timeLimitMs: assignment.gradingTimeLimitMs,
    });
    const results = buildResults(assignment, outcome);
    const { late, penaltyPercent } = latePenalty(assignment.latePolicy, ctx.dates, ctx.submittedAt);
    const score = computeScore(results, assignment.points, penaltyPercent);
    const { outbox } = await updateSubmissionGrade({
      authz,
      submissionId: ctx.submission.id,
      grade: {
        kind: "grader",
        jobId: job.id,
        versionId: job.versionId,
        results,
        failure: outcome.failure?.message ?? null,
        ...score,
        latePenaltyPercent: penaltyPercent,
        late,
      },
      afterWrite,
    });
    if (outbox) await notifyGradeChanges([outbox]);
    log.info("graded submission", { jobId: job.id, submissionId: ctx.submission.id, ms: Math.round(outcome.ms), score: score.score });
    return { outcome: "graded", jobId: job.id };
  } catch (error) {
    const retry = job.attempts < MAX_ATTEMPTS;
    const retryAt = retry ? new Date(Date.now() + 2 ** job.attempts * 2000) : null;
    log.error("grading failed", { jobId: job.id, attempt: job.attempts, retry, error });
    await updateGradingJobFailure(authz, { jobId: job.id, error: String(error).slice(0, 2000), retryAt });
    return { outcome: retry ? "retrying" : "failed", jobId: job.id };
  }
}
