import { systemAuthz } from "@/lib/auth/authz";
import { log } from "@/lib/log";
import { updateSubmissionGrade, type AfterGradeWrite } from "@/lib/models/grades";
import { claimGradingJob, MAX_GRADING_ATTEMPTS, selectGradingContext, updateGradingJobFailure } from "@/lib/models/grading-jobs";
import { updateReferenceCheckResult } from "@/lib/models/reference-checks";
import { notifyGradeChanges } from "@/lib/passback/notify";
import type { RunOutcome } from "./outcome";
import { latePenalty } from "./policy";
import { toRunnerTests } from "./runner-tests";
import { sandboxPool, type SandboxPool } from "./sandbox";
import { buildResults, computeScore } from "./score";
import { gradesInThisProcess } from "./where";

export type GradeOutcome = "graded" | "not_claimed" | "retrying" | "failed" | "crashed";

/** Shown to the student when their program brought down the grader on every attempt. */
export const CRASH_MESSAGE =
  `Your program crashed the grader ${MAX_GRADING_ATTEMPTS} times, so it was not run again and scored 0. ` +
  "Look for very deep recursion or very large data, then submit again.";

type Context = Awaited<ReturnType<typeof selectGradingContext>>;

/**
 * Grades one queued job (or the next one in the fair order when no id is given). Idempotent: a job that is done or
 * claimed by someone else is not claimed again, and the grade write ignores a second result for the same job.
 * A run whose grading process died counts as an attempt and is retried; past MAX_GRADING_ATTEMPTS (including
 * claims whose grader itself died) the job is graded 0 with CRASH_MESSAGE and never runs again.
 * In a process that does not grade (a web server with GRADER_MODE=external) nothing is claimed.
 */
export async function runGradingJob({
  jobId,
  pool,
  afterWrite,
}: { jobId?: string; pool?: SandboxPool; afterWrite?: AfterGradeWrite } = {}): Promise<{ outcome: GradeOutcome; jobId?: string }> {
  // With GRADER_MODE=external a web server (its Inngest functions included) leaves every job to `npm run grader`.
  if (!gradesInThisProcess()) return { outcome: "not_claimed" };
  const authz = systemAuthz();
  const job = await claimGradingJob(authz, { jobId });
  if (!job) return { outcome: "not_claimed" };
  try {
    const ctx = await selectGradingContext(authz, { jobId: job.id });
    if (job.attempts > MAX_GRADING_ATTEMPTS) {
      await record(ctx, crashed(ctx), afterWrite);
      log.warn("graded a job that crashed the grader on every attempt", { jobId: job.id, attempts: job.attempts - 1 });
      return { outcome: "crashed", jobId: job.id };
    }
    const { assignment } = ctx;
    const outcome = await (pool ?? sandboxPool()).run({
      files: ctx.files,
      mainFile: assignment.starterFiles[0]?.name ?? ctx.files[0]?.name ?? "main.py",
      ioCases: assignment.ioCases.map((c) => ({ stdin: c.stdin, hidden: c.visibility === "hidden" })),
      functionTests: toRunnerTests(assignment.functionTests).map((t, i) => ({ ...t, hidden: assignment.functionTests[i].visibility === "hidden" })),
      timeLimitMs: assignment.gradingTimeLimitMs,
      testsKey: assignment.courseId,
    });
    if (outcome.failure?.kind === "crash") {
      if (job.attempts >= MAX_GRADING_ATTEMPTS) {
        await record(ctx, crashed(ctx), afterWrite);
        return { outcome: "crashed", jobId: job.id };
      }
      throw new Error(outcome.failure.message);
    }
    await record(ctx, outcome, afterWrite);
    log.info("graded", { jobId: job.id, purpose: job.purpose, ms: Math.round(outcome.ms) });
    return { outcome: "graded", jobId: job.id };
  } catch (error) {
    const retry = job.attempts < MAX_GRADING_ATTEMPTS;
    const retryAt = retry ? new Date(Date.now() + 2 ** job.attempts * 1000) : null;
    log.error("grading attempt failed", { jobId: job.id, attempt: job.attempts, retry, error });
    await updateGradingJobFailure(authz, { jobId: job.id, error: String(error).slice(0, 2000), retryAt });
    return { outcome: retry ? "retrying" : "failed", jobId: job.id };
  }
}

function crashed(ctx: Context): RunOutcome {
  const { functionTests, ioCases } = ctx.assignment;
  return { cases: ioCases.map(() => null), tests: functionTests.map(() => null), failure: { kind: "crash", message: CRASH_MESSAGE }, ms: 0 };
}

/** Writes a run's results: a reference check's verdicts on its job, or a submission's grade (with passback). */
async function record(ctx: Context, outcome: RunOutcome, afterWrite: AfterGradeWrite | undefined): Promise<void> {
  const authz = systemAuthz();
  const { job, assignment } = ctx;
  const results = buildResults(assignment, outcome);
  const failure = outcome.failure?.message ?? null;
  if (job.purpose === "reference") {
    await updateReferenceCheckResult(authz, { jobId: job.id, results, failure });
    return;
  }
  if (!ctx.submission || !job.versionId || !ctx.dates || !ctx.submittedAt) throw new Error("a submission job without its submission");
  const { late, penaltyPercent } = latePenalty(assignment.latePolicy, ctx.dates, ctx.submittedAt);
  const score = computeScore(results, assignment.points, penaltyPercent);
  const { outbox } = await updateSubmissionGrade({
    authz,
    submissionId: ctx.submission.id,
    grade: { kind: "grader", jobId: job.id, versionId: job.versionId, results, failure, ...score, latePenaltyPercent: penaltyPercent, late },
    afterWrite,
  });
  if (outbox) await notifyGradeChanges([outbox]);
}
