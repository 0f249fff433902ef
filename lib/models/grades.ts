import { desc, eq } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseAuthz, SystemAuthz } from "@/lib/auth/authz";
import { isStaffRole } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import type { Executor } from "./code-states";
import { insertGradeOutboxRow, type OutboxRow } from "./grade-outbox";
import type { Submission } from "./submissions";

const { submissions, gradingRuns, gradingJobs, gradeHistory, submissionVersions, assignments } = schema;

export type GradingRun = typeof gradingRuns.$inferSelect;
export type TestResult = GradingRun["results"][number];

/** The grader's result for one job. */
export type GraderGrade = {
  kind: "grader";
  jobId: string;
  versionId: string;
  results: TestResult[];
  failure: string | null;
  maxScore: number;
  rawScore: number;
  latePenaltyPercent: number;
  score: number;
  late: boolean;
};
/** A staff member setting the score by hand (instructor UI). */
export type OverrideGrade = { kind: "override"; score: number | null; reason: string };

/**
 * Hook run inside the grade transaction after the submission row changed, e.g. to enqueue LMS passback in the
 * same transaction (grade-outbox). Receives the transaction and the updated submission.
 */
export type AfterGradeWrite = (tx: Executor, change: { submission: Submission; oldScore: number | null; changedAt: Date }) => Promise<void>;

/**
 * The one function that changes a submission's grade. In a single transaction it locks the submission row
 * (FOR NO KEY UPDATE, house style rule 8), records the grading run (grader only; idempotent per job: a retried job
 * returns the first result), updates the submission's score, late flag and status, appends grade history (old,
 * new, who, why), marks the job done, runs `afterWrite` (extra checks that may roll back), and writes the LMS
 * passback outbox row.
 * A grader result for an older version than the one already graded is stored but does not replace the score.
 */
export async function updateSubmissionGrade({
  authz,
  submissionId,
  grade,
  afterWrite,
}: {
  authz: SystemAuthz | CourseAuthz;
  submissionId: string;
  grade: GraderGrade | OverrideGrade;
  afterWrite?: AfterGradeWrite;
}): Promise<{ submission: Submission; run: GradingRun | null; applied: boolean; outbox: OutboxRow | null }> {
  if (authz.kind === "course" && (!isStaffRole(authz.role) || authz.viewingAs || grade.kind !== "override")) throw notFound();
  return db().transaction(async (tx) => {
    const [current] = await tx.select().from(submissions).where(eq(submissions.id, submissionId)).for("no key update");
    if (!current || (authz.kind === "course" && current.courseId !== authz.course.id)) throw notFound("No such submission.");
    const changedAt = new Date();

    let run: GradingRun | null = null;
    let applied = true;
    if (grade.kind === "grader") {
      const [existing] = await tx.select().from(gradingRuns).where(eq(gradingRuns.jobId, grade.jobId));
      if (existing) return { submission: current, run: existing, applied: false, outbox: null };
      const newer = await tx
        .select({ version: submissionVersions.version })
        .from(gradingRuns)
        .innerJoin(submissionVersions, eq(submissionVersions.id, gradingRuns.versionId))
        .where(eq(gradingRuns.submissionId, submissionId))
        .orderBy(desc(submissionVersions.version))
        .limit(1);
      const [mine] = await tx.select({ version: submissionVersions.version }).from(submissionVersions).where(eq(submissionVersions.id, grade.versionId));
      applied = !newer[0] || !mine || mine.version >= newer[0].version;
      [run] = await tx
        .insert(gradingRuns)
        .values({
          submissionId,
          jobId: grade.jobId,
          versionId: grade.versionId,
          results: grade.results,
          failure: grade.failure,
          maxScore: grade.maxScore,
          rawScore: grade.rawScore,
          latePenaltyPercent: grade.latePenaltyPercent,
          score: grade.score,
          late: grade.late,
        })
        .returning();
      await tx
        .update(gradingJobs)
        .set({ status: "done", finishedAt: changedAt, lockedUntil: null, error: null })
        .where(eq(gradingJobs.id, grade.jobId));
    }
    let counted = grade.kind === "grader" ? { score: grade.score, rawScore: grade.rawScore, latePenaltyPercent: grade.latePenaltyPercent, late: grade.late } : null;
    if (grade.kind === "grader" && (await selectScoreCounting(tx, current.assignmentId)) === "best") {
      // "Best submission counts": every version's newest run competes, so an older version's better result counts too.
      applied = true;
      counted = await selectBestRun(tx, submissionId);
    }
    if (!applied) return { submission: current, run, applied, outbox: null };

    const values = counted ?? { score: grade.score };
    const [submission] = await tx
      .update(submissions)
      .set({ ...values, status: "graded", gradedAt: changedAt })
      .where(eq(submissions.id, submissionId))
      .returning();
    await tx.insert(gradeHistory).values({
      submissionId,
      oldScore: current.score,
      newScore: submission.score,
      actorUserId: authz.kind === "course" ? authz.session.user.id : null,
      reason: grade.kind === "grader" ? (grade.failure ? `Graded automatically (${grade.failure})` : "Graded automatically") : grade.reason,
      gradingRunId: run?.id ?? null,
    });
    await afterWrite?.(tx, { submission, oldScore: current.score, changedAt });
    // Every applied grade goes to the LMS through the outbox, written in this same transaction so a grade can never
    // exist without its delivery row (the caller starts delivery after commit: lib/passback/notify).
    const scoreMaximum =
      grade.kind === "grader"
        ? grade.maxScore
        : (await tx.select({ points: assignments.points }).from(assignments).where(eq(assignments.id, submission.assignmentId)))[0].points;
    const outbox = await insertGradeOutboxRow(tx, { submissionId, scoreGiven: submission.score, scoreMaximum, changedAt });
    return { submission, run, applied, outbox };
  });
}

/** The newest grading run of a submission, or null. */
export async function selectOptionalLatestGradingRun({ submission }: { submission: Submission }): Promise<GradingRun | null> {
  const [row] = await db()
    .select()
    .from(gradingRuns)
    .where(eq(gradingRuns.submissionId, submission.id))
    .orderBy(desc(gradingRuns.createdAt))
    .limit(1);
  return row ?? null;
}

/** The grade history of a (trusted, already authorized) submission, newest first. */
export async function selectGradeHistory({ submission }: { submission: Submission }) {
  return db().select().from(gradeHistory).where(eq(gradeHistory.submissionId, submission.id)).orderBy(desc(gradeHistory.createdAt));
}

async function selectScoreCounting(tx: Executor, assignmentId: string): Promise<"last" | "best"> {
  const [row] = await tx.select({ scoreCounting: assignments.scoreCounting }).from(assignments).where(eq(assignments.id, assignmentId));
  return row?.scoreCounting ?? "last";
}

/** The best of each graded version's newest run (regrades replace a version's older runs). */
async function selectBestRun(tx: Executor, submissionId: string) {
  const runs = await tx
    .select({
      versionId: gradingRuns.versionId,
      score: gradingRuns.score,
      rawScore: gradingRuns.rawScore,
      latePenaltyPercent: gradingRuns.latePenaltyPercent,
      late: gradingRuns.late,
    })
    .from(gradingRuns)
    .where(eq(gradingRuns.submissionId, submissionId))
    .orderBy(desc(gradingRuns.createdAt));
  const newest = new Map<string | null, (typeof runs)[number]>();
  for (const r of runs) if (!newest.has(r.versionId)) newest.set(r.versionId, r);
  const { versionId: _v, ...best } = [...newest.values()].reduce((b, r) => (r.score > b.score ? r : b));
  return best;
}
