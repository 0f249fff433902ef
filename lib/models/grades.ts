import { desc, eq } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseAuthz, SystemAuthz } from "@/lib/auth/authz";
import { isStaffRole } from "@/lib/auth/roles";
import { badRequest, notFound } from "@/lib/errors";
import { checkScore } from "@/lib/grading/score-input";
import type { Executor } from "./code-states";
import { insertGradeOutboxRow, type OutboxRow } from "./grade-outbox";
import type { Submission } from "./submissions";

const { submissions, gradingRuns, gradingJobs, gradeHistory, submissionVersions, assignments, users, courses } = schema;

export type GradingRun = typeof gradingRuns.$inferSelect;
export type TestResult = GradingRun["results"][number];
export type GradeHistoryEntry = typeof gradeHistory.$inferSelect;

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
/**
 * A staff member setting the score by hand. It stays until staff clear it: later autograder results are recorded
 * beside it and never applied over it. Above the assignment's points only with `extraCredit`.
 */
export type OverrideGrade = { kind: "override"; score: number; reason: string; extraCredit?: boolean };
/** Staff removing their override: the autograder's latest score (or none) counts again. */
export type ClearOverride = { kind: "clear_override"; reason: string };

/**
 * Hook run inside the grade transaction after the submission row changed, e.g. to enqueue LMS passback in the
 * same transaction (grade-outbox). Receives the transaction and the updated submission.
 */
export type AfterGradeWrite = (tx: Executor, change: { submission: Submission; oldScore: number | null; changedAt: Date }) => Promise<void>;

type Result = { submission: Submission; run: GradingRun | null; applied: boolean; outbox: OutboxRow | null };

/**
 * The one function that changes a submission's grade. In a single transaction it locks the submission row
 * (FOR NO KEY UPDATE, house style rule 8), records the grading run (grader only; idempotent per job: a retried job
 * returns the first result), updates the submission's score, late flag and status, appends grade history (old,
 * new, who, why), marks the job done, runs `afterWrite` (extra checks that may roll back), and writes the LMS
 * passback outbox row.
 * A grader result for an older version than the one already graded is stored but does not replace the score; a
 * grader result while a staff override is in force is stored as the autograder's score beside the override, and
 * the counting score (and so the LMS) keeps the override.
 */
export async function updateSubmissionGrade({
  authz,
  submissionId,
  grade,
  afterWrite,
}: {
  authz: SystemAuthz | CourseAuthz;
  submissionId: string;
  grade: GraderGrade | OverrideGrade | ClearOverride;
  afterWrite?: AfterGradeWrite;
}): Promise<Result> {
  if (authz.kind === "course" && (!isStaffRole(authz.role) || authz.viewingAs || grade.kind === "grader")) throw notFound();
  return db().transaction(async (tx) => {
    const [current] = await tx.select().from(submissions).where(eq(submissions.id, submissionId)).for("no key update");
    if (!current || (authz.kind === "course" && current.courseId !== authz.course.id)) throw notFound("No such submission.");
    const changedAt = new Date();
    const actorUserId = authz.kind === "course" ? authz.session.user.id : null;

    if (grade.kind === "grader") {
      const recorded = await recordGraderRun(tx, current, grade, changedAt);
      if (!recorded.applied) return { submission: current, run: recorded.run, applied: false, outbox: null };
      const details = { rawScore: grade.rawScore, latePenaltyPercent: grade.latePenaltyPercent, late: grade.late, status: "graded" as const, gradedAt: changedAt };
      if (current.overriddenAt) {
        // The override stays (issue 12: a resubmission once replaced an override and sent 0 to the LMS).
        const [submission] = await tx.update(submissions).set({ ...details, autoScore: grade.score }).where(eq(submissions.id, submissionId)).returning();
        await tx.insert(gradeHistory).values({
          submissionId,
          oldScore: current.score,
          newScore: current.score,
          actorUserId: null,
          kind: "autograde_kept",
          reason: `The autograder scored ${grade.score} / ${grade.maxScore}; the staff override of ${current.score} still counts.`,
          gradingRunId: recorded.run.id,
        });
        return { submission, run: recorded.run, applied: false, outbox: null };
      }
      const [submission] = await tx
        .update(submissions)
        .set({ ...details, score: grade.score, autoScore: grade.score })
        .where(eq(submissions.id, submissionId))
        .returning();
      await tx.insert(gradeHistory).values({
        submissionId,
        oldScore: current.score,
        newScore: submission.score,
        actorUserId: null,
        kind: "autograde",
        reason: grade.failure ? `Graded automatically (${grade.failure})` : "Graded automatically",
        gradingRunId: recorded.run.id,
      });
      await afterWrite?.(tx, { submission, oldScore: current.score, changedAt });
      const outbox = await insertGradeOutboxRow(tx, { submissionId, scoreGiven: submission.score, scoreMaximum: grade.maxScore, changedAt });
      return { submission, run: recorded.run, applied: true, outbox };
    }

    const [{ points }] = await tx.select({ points: assignments.points }).from(assignments).where(eq(assignments.id, current.assignmentId));
    let set: Partial<typeof submissions.$inferInsert>;
    if (grade.kind === "override") {
      const checked = checkScore(grade.score, { points, extraCredit: grade.extraCredit });
      if (!checked.ok) throw badRequest(checked.message, { score: [checked.message] });
      set = { score: checked.score, overriddenAt: changedAt, overriddenByUserId: actorUserId, status: "graded", gradedAt: changedAt };
    } else {
      if (!current.overriddenAt) throw badRequest("This grade has no override to clear.");
      set = { score: current.autoScore, overriddenAt: null, overriddenByUserId: null };
    }
    const [submission] = await tx.update(submissions).set(set).where(eq(submissions.id, submissionId)).returning();
    await tx.insert(gradeHistory).values({
      submissionId,
      oldScore: current.score,
      newScore: submission.score,
      actorUserId,
      kind: grade.kind === "override" ? "override" : "override_cleared",
      reason: grade.reason,
    });
    await afterWrite?.(tx, { submission, oldScore: current.score, changedAt });
    // Every applied grade goes to the LMS through the outbox, written in this same transaction so a grade can never
    // exist without its delivery row (the caller starts delivery after commit: lib/passback/notify).
    const outbox = await insertGradeOutboxRow(tx, { submissionId, scoreGiven: submission.score, scoreMaximum: points, changedAt });
    return { submission, run: null, applied: true, outbox };
  });
}

/** Stores a grader run (once per job) and marks the job done; `applied` is false for a result of an older version. */
async function recordGraderRun(
  tx: Executor,
  current: Submission,
  grade: GraderGrade,
  changedAt: Date,
): Promise<{ run: GradingRun; applied: boolean }> {
  const [existing] = await tx.select().from(gradingRuns).where(eq(gradingRuns.jobId, grade.jobId));
  if (existing) return { run: existing, applied: false };
  const newer = await tx
    .select({ version: submissionVersions.version })
    .from(gradingRuns)
    .innerJoin(submissionVersions, eq(submissionVersions.id, gradingRuns.versionId))
    .where(eq(gradingRuns.submissionId, current.id))
    .orderBy(desc(submissionVersions.version))
    .limit(1);
  const [mine] = await tx.select({ version: submissionVersions.version }).from(submissionVersions).where(eq(submissionVersions.id, grade.versionId));
  const applied = !newer[0] || !mine || mine.version >= newer[0].version;
  const [run] = await tx
    .insert(gradingRuns)
    .values({
      submissionId: current.id,
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
  await tx.update(gradingJobs).set({ status: "done", finishedAt: changedAt, lockedUntil: null, error: null }).where(eq(gradingJobs.id, grade.jobId));
  return { run, applied };
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
export async function selectGradeHistory({ submission }: { submission: Submission }): Promise<GradeHistoryEntry[]> {
  return db().select().from(gradeHistory).where(eq(gradeHistory.submissionId, submission.id)).orderBy(desc(gradeHistory.createdAt));
}

/** The grade history with each actor's name and the run's version, for staff pages, newest first. */
export async function selectGradeHistoryWithActors({ submission }: { submission: Submission }) {
  return db()
    .select({ entry: gradeHistory, actorName: users.name, version: submissionVersions.version, maxScore: gradingRuns.maxScore, runScore: gradingRuns.score })
    .from(gradeHistory)
    .leftJoin(users, eq(users.id, gradeHistory.actorUserId))
    .leftJoin(gradingRuns, eq(gradingRuns.id, gradeHistory.gradingRunId))
    .leftJoin(submissionVersions, eq(submissionVersions.id, gradingRuns.versionId))
    .where(eq(gradeHistory.submissionId, submission.id))
    .orderBy(desc(gradeHistory.createdAt));
}

/** Every grading run of a submission, newest first (staff: hidden tests included). */
export async function selectGradingRuns({ submission, limit = 50 }: { submission: Submission; limit?: number }) {
  return db()
    .select({ run: gradingRuns, version: submissionVersions.version })
    .from(gradingRuns)
    .leftJoin(submissionVersions, eq(submissionVersions.id, gradingRuns.versionId))
    .where(eq(gradingRuns.submissionId, submission.id))
    .orderBy(desc(gradingRuns.createdAt))
    .limit(limit);
}

/** The name of the staff member behind a submission's override, when its course shows grader names to students. */
export async function selectOptionalVisibleOverrideAuthor({ submission }: { submission: Submission }): Promise<string | null> {
  if (!submission.overriddenByUserId) return null;
  const [row] = await db()
    .select({ name: users.name, show: courses.showGraderNames })
    .from(users)
    .innerJoin(courses, eq(courses.id, submission.courseId))
    .where(eq(users.id, submission.overriddenByUserId));
  return row?.show ? row.name : null;
}
