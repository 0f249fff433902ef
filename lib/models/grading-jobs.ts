import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseAuthz, SystemAuthz } from "@/lib/auth/authz";
import { conflict, notFound } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { isLocked } from "@/lib/grading/policy";
import { submitRefusal } from "@/lib/submissions/submit-policy";
import type { StarterFile } from "@/lib/grading/types";
import type { Assignment } from "./assignments";
import { ensureCodeState } from "./code-states";
import { appendSubmissionVersion, assertMayWrite, selectSubmissionDates, type Submission } from "./submissions";

const { gradingJobs, submissions, submissionVersions, codeStates, assignments } = schema;

export type GradingJob = typeof gradingJobs.$inferSelect;

/**
 * Submits files for grading: saves them as a `submit` version and queues one grading job, all under the submission
 * row lock. Two tabs submitting at once get one grade: identical content reuses the pending job, and a job that has
 * not started yet is pointed at the newer version instead of queueing a second one. After the lock date this throws
 * a 409 and changes nothing (callers save the work as an autosave first).
 */
export async function submitSubmission({
  authz,
  assignment,
  submission,
  files,
  clientSavedAt,
  now = new Date(),
}: {
  authz: CourseAuthz;
  assignment: Assignment;
  submission: Submission;
  files: StarterFile[];
  clientSavedAt: Date | null;
  now?: Date;
}): Promise<{ job: GradingJob; version: number; deduplicated: boolean }> {
  assertMayWrite(authz);
  if (submission.userId !== authz.session.user.id || submission.assignmentId !== assignment.id) throw notFound("No such submission.");
  const dates = await selectSubmissionDates({ assignment, submission });
  if (isLocked(dates, now)) {
    throw conflict(`This assignment closed on ${formatDate(dates.lockAt!)}. Your work is saved, but it can no longer be submitted.`);
  }
  return db().transaction(async (tx) => {
    const state = await ensureCodeState(tx, files);
    const [current] = await tx.select().from(submissions).where(eq(submissions.id, submission.id)).for("no key update");
    const refusal = submitRefusal(assignment, current, now);
    if (refusal) throw conflict(refusal);
    const [latest] = await tx
      .select({ job: gradingJobs, codeStateId: submissionVersions.codeStateId, version: submissionVersions.version })
      .from(gradingJobs)
      .innerJoin(submissionVersions, eq(submissionVersions.id, gradingJobs.versionId))
      .where(eq(gradingJobs.submissionId, submission.id))
      .orderBy(desc(gradingJobs.createdAt))
      .limit(1);
    const pending = latest && (latest.job.status === "queued" || latest.job.status === "running");
    if (pending && latest.codeStateId === state.id) return { job: latest.job, version: latest.version, deduplicated: true };

    const { version, row } = await appendSubmissionVersion(tx, {
      current,
      codeStateId: state.id,
      kind: "submit",
      clientSavedAt,
      set: (r) => ({ status: "submitted", attempts: sql`${submissions.attempts} + 1`, submittedAt: r.createdAt }),
    });
    if (latest && latest.job.status === "queued") {
      const [job] = await tx.update(gradingJobs).set({ versionId: row.id }).where(eq(gradingJobs.id, latest.job.id)).returning();
      return { job, version, deduplicated: true };
    }
    const [job] = await tx.insert(gradingJobs).values({ submissionId: submission.id, versionId: row.id }).returning();
    return { job, version, deduplicated: false };
  });
}

/**
 * Claims a grading job for one attempt with a lease (a crashed runner's job comes back when the lease ends). With a
 * jobId, claims that job; without, the oldest due one. Returns null when there is nothing to claim.
 */
export async function claimGradingJob(
  _authz: SystemAuthz,
  { jobId, leaseMs = 120_000 }: { jobId?: string; leaseMs?: number } = {},
): Promise<GradingJob | null> {
  const due = or(
    and(eq(gradingJobs.status, "queued"), sql`${gradingJobs.runAfter} <= now()`),
    and(eq(gradingJobs.status, "running"), lt(gradingJobs.lockedUntil, sql`now()`)),
  );
  const pick = db()
    .select({ id: gradingJobs.id })
    .from(gradingJobs)
    .where(jobId ? and(eq(gradingJobs.id, jobId), due) : due)
    .orderBy(gradingJobs.runAfter)
    .limit(1)
    .for("update", { skipLocked: true });
  const [row] = await db()
    .update(gradingJobs)
    .set({
      status: "running",
      attempts: sql`${gradingJobs.attempts} + 1`,
      lockedUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
    })
    .where(sql`${gradingJobs.id} = (${pick})`)
    .returning();
  return row ?? null;
}

/** Records a failed attempt: back to the queue at `retryAt`, or failed for good when retryAt is null. */
export async function updateGradingJobFailure(
  _authz: SystemAuthz,
  { jobId, error, retryAt }: { jobId: string; error: string; retryAt: Date | null },
): Promise<void> {
  await db()
    .update(gradingJobs)
    .set(
      retryAt
        ? { status: "queued", runAfter: retryAt, lockedUntil: null, error }
        : { status: "failed", lockedUntil: null, error, finishedAt: new Date() },
    )
    .where(and(eq(gradingJobs.id, jobId), eq(gradingJobs.status, "running")));
}

/** Everything a grader needs for one job: the job, its submission, the assignment and the submitted files. */
export async function selectGradingContext(_authz: SystemAuthz, { jobId }: { jobId: string }) {
  const [row] = await db()
    .select({
      job: gradingJobs,
      submission: submissions,
      assignment: assignments,
      files: codeStates.files,
      submittedAt: submissionVersions.createdAt,
      version: submissionVersions.version,
    })
    .from(gradingJobs)
    .innerJoin(submissions, eq(submissions.id, gradingJobs.submissionId))
    .innerJoin(assignments, eq(assignments.id, submissions.assignmentId))
    .innerJoin(submissionVersions, eq(submissionVersions.id, gradingJobs.versionId))
    .innerJoin(codeStates, eq(codeStates.id, submissionVersions.codeStateId))
    .where(eq(gradingJobs.id, jobId));
  if (!row) throw notFound("No such grading job.");
  const dates = await selectSubmissionDates({ assignment: row.assignment, submission: row.submission });
  return { ...row, dates };
}

/** The newest grading job of a submission (for the page's "grading…" state), or null. */
export async function selectOptionalLatestGradingJob({ submission }: { submission: Submission }): Promise<GradingJob | null> {
  const [row] = await db()
    .select()
    .from(gradingJobs)
    .where(eq(gradingJobs.submissionId, submission.id))
    .orderBy(desc(gradingJobs.createdAt))
    .limit(1);
  return row ?? null;
}
