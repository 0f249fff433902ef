import { and, desc, eq, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import { requirePythonAssignment } from "@/lib/assignments/kind";
import { rows } from "@/db/migrate";
import type { CourseAuthz, SystemAuthz } from "@/lib/auth/authz";
import { isStaffRole } from "@/lib/auth/roles";
import { conflict, notFound } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { isLocked } from "@/lib/grading/policy";
import { submitRefusal } from "@/lib/submissions/submit-policy";
import type { StarterFile } from "@/lib/grading/types";
import type { Assignment } from "./assignments";
import { ensureCodeState } from "./code-states";
import { selectStudentAllowance } from "./extensions";
import { appendSubmissionVersion, assertMayWrite, selectSubmissionDates, type Submission } from "./submissions";

const { gradingJobs, submissions, submissionVersions, codeStates, assignments } = schema;

export type GradingJob = typeof gradingJobs.$inferSelect;

/** Claims per job before it is graded as a crash (a grader that died mid-run counts as one). */
export const MAX_GRADING_ATTEMPTS = 3;
/** Priority of live work (a student or a teacher waiting) and of bulk regrades. */
export const LIVE_PRIORITY = 0;
export const BULK_PRIORITY = 10;

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
  const { dates, attemptLimit } = await selectStudentAllowance({ assignment, submission });
  if (isLocked(dates, now)) {
    throw conflict(`This assignment closed on ${formatDate(dates.lockAt!)}. Your work is saved, but it can no longer be submitted.`);
  }
  return db().transaction(async (tx) => {
    const state = await ensureCodeState(tx, files);
    const [current] = await tx.select().from(submissions).where(eq(submissions.id, submission.id)).for("no key update");
    const refusal = submitRefusal(assignment, current, now, attemptLimit);
    if (refusal) throw conflict(refusal);
    // Only the student's own submissions are reused; a queued bulk regrade stays what it is.
    const [latest] = await tx
      .select({ job: gradingJobs, version: submissionVersions.version })
      .from(gradingJobs)
      .innerJoin(submissionVersions, eq(submissionVersions.id, gradingJobs.versionId))
      .where(and(eq(gradingJobs.submissionId, submission.id), eq(gradingJobs.purpose, "submission")))
      .orderBy(desc(gradingJobs.createdAt))
      .limit(1);
    const pending = latest && (latest.job.status === "queued" || latest.job.status === "running");
    if (pending && latest.job.codeStateId === state.id) return { job: latest.job, version: latest.version, deduplicated: true };

    const { version, row } = await appendSubmissionVersion(tx, {
      current,
      codeStateId: state.id,
      kind: "submit",
      clientSavedAt,
      set: (r) => ({ status: "submitted", attempts: sql`${submissions.attempts} + 1`, submittedAt: r.createdAt }),
    });
    if (latest && latest.job.status === "queued") {
      const [job] = await tx
        .update(gradingJobs)
        .set({ versionId: row.id, codeStateId: state.id })
        .where(eq(gradingJobs.id, latest.job.id))
        .returning();
      return { job, version, deduplicated: true };
    }
    const [job] = await tx
      .insert(gradingJobs)
      .values({
        purpose: "submission",
        priority: LIVE_PRIORITY,
        courseId: current.courseId,
        assignmentId: current.assignmentId,
        userId: current.userId,
        submissionId: submission.id,
        versionId: row.id,
        codeStateId: state.id,
      })
      .returning();
    return { job, version, deduplicated: false };
  });
}

// Jobs that hold a grader's attention: due queued jobs, live claims, and claims whose lease ran out (their grader
// died; claiming them again counts an attempt, and past the limit the grader records a crash instead of running).
const claimable = sql`((j.status = 'queued' and j.run_after <= now()) or (j.status = 'running' and j.locked_until < now()))`;
const inService = sql`(j.status = 'running' and j.locked_until >= now())`;

/**
 * The fair order of waiting jobs (lower priority value first; among equals, round-robin across courses and, within
 * a course, across students): a job's turn counts the jobs its student and its course already have running or
 * queued ahead of it, so one student's many slow submissions wait behind everyone else's first one. Ties go to the
 * course (then the student) served longest ago, so courses and students also alternate when jobs finish one by one.
 */
const fairOrder = sql`
  with active as (
    select j.id, j.priority, j.course_id, j.user_id, j.created_at, ${inService} as serving
    from grading_jobs j where ${claimable} or ${inService}
  ), served as (
    select course_id, user_id, max(started_at) as last from grading_jobs
    where started_at > now() - interval '1 hour' group by course_id, user_id
  ), course_served as (
    select course_id, max(last) as last from served group by course_id
  ), by_student as (
    select a.*, s.last as student_last,
      row_number() over (partition by a.priority, a.course_id, a.user_id order by a.serving desc, a.created_at) as student_turn
    from active a left join served s on s.course_id = a.course_id and s.user_id = a.user_id
  ), by_course as (
    select b.*, c.last as course_last,
      row_number() over (partition by b.priority, b.course_id order by b.student_turn, b.student_last nulls first, b.created_at) as course_turn
    from by_student b left join course_served c on c.course_id = b.course_id
  )
  select id, serving, row_number() over (order by priority, course_turn, course_last nulls first, created_at) as place from by_course`;

/**
 * Claims a grading job for one attempt with a lease (a crashed grader's job comes back when the lease ends): the
 * given job, or the next one in the fair order. The claim increments `attempts`; a job claimed past
 * MAX_GRADING_ATTEMPTS must be recorded as a crash, not run. Returns null when there is nothing to claim.
 */
export async function claimGradingJob(
  _authz: SystemAuthz,
  { jobId, leaseMs = 120_000 }: { jobId?: string; leaseMs?: number } = {},
): Promise<GradingJob | null> {
  const pick = jobId
    ? sql`select j.id from grading_jobs j where j.id = ${jobId} and ${claimable} for update of j skip locked`
    : sql`with fair as (${fairOrder})
          select j.id from grading_jobs j join fair f on f.id = j.id
          where not f.serving and ${claimable} order by f.place limit 1 for update of j skip locked`;
  const result = await db().execute(sql`
    update grading_jobs set status = 'running', attempts = attempts + 1, started_at = now(),
      locked_until = now() + ${`${leaseMs} milliseconds`}::interval, updated_at = now()
    where id = (${pick}) returning id`);
  const [claimed] = rows<{ id: string }>(result);
  if (!claimed) return null;
  const [job] = await db().select().from(gradingJobs).where(eq(gradingJobs.id, claimed.id));
  return job;
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

/**
 * Everything a grader needs for one job: the job, the assignment (with the tests to run: a reference check's
 * draft tests replace the saved ones), the files, and for submissions the submission, its time and dates.
 */
export async function selectGradingContext(_authz: SystemAuthz, { jobId }: { jobId: string }) {
  const [row] = await db()
    .select({ job: gradingJobs, assignment: assignments, files: codeStates.files, submission: submissions, submittedAt: submissionVersions.createdAt })
    .from(gradingJobs)
    .innerJoin(assignments, eq(assignments.id, gradingJobs.assignmentId))
    .innerJoin(codeStates, eq(codeStates.id, gradingJobs.codeStateId))
    .leftJoin(submissions, eq(submissions.id, gradingJobs.submissionId))
    .leftJoin(submissionVersions, eq(submissionVersions.id, gradingJobs.versionId))
    .where(eq(gradingJobs.id, jobId));
  if (!row) throw notFound("No such grading job.");
  const assignment = row.job.tests ? { ...row.assignment, ...row.job.tests } : row.assignment;
  const dates = row.submission ? await selectSubmissionDates({ assignment, submission: row.submission }) : null;
  return { ...row, assignment, dates };
}

/** The newest grading job a student asked for on a submission (for the page's "grading…" state), or null. */
export async function selectOptionalLatestGradingJob({ submission }: { submission: Submission }): Promise<GradingJob | null> {
  const [row] = await db()
    .select()
    .from(gradingJobs)
    .where(and(eq(gradingJobs.submissionId, submission.id), eq(gradingJobs.purpose, "submission")))
    .orderBy(desc(gradingJobs.createdAt))
    .limit(1);
  return row ?? null;
}

export type QueuePlace = { position: number; estimateSeconds: number };

/**
 * Where a waiting job stands: how many jobs the graders will take before it (fair order) and an estimate of when
 * its grade is ready, from recent grading times and how many jobs are being graded at once. Null once it runs.
 */
export async function selectQueuePlace({ job }: { job: Pick<GradingJob, "id" | "status"> }): Promise<QueuePlace | null> {
  if (job.status !== "queued") return null;
  const result = await db().execute(sql`
    with fair as (${fairOrder}),
    recent as (
      select extract(epoch from (finished_at - started_at)) as seconds from grading_jobs
      where status = 'done' and started_at is not null and finished_at is not null order by finished_at desc limit 50
    )
    select (select count(*) from fair where not serving and place < (select place from fair where id = ${job.id}))::int as ahead,
           (select count(*) from fair where serving)::int as serving,
           (select place from fair where id = ${job.id}) is not null as waiting,
           (select avg(seconds) from recent)::float8 as seconds`);
  const [r] = rows<{ ahead: number; serving: number; waiting: boolean; seconds: number | null }>(result);
  if (!r?.waiting) return null;
  const perJob = Math.max(0.5, Number(r.seconds ?? 2));
  const parallel = Math.max(1, Number(r.serving));
  return { position: Number(r.ahead) + 1, estimateSeconds: Math.ceil(((Number(r.ahead) + 1) * perJob) / parallel) };
}

/**
 * Queues a bulk regrade of every submission of the assignment that has been submitted: each one's latest submitted
 * version, at bulk priority (live submissions always go first). A submission that already has a regrade waiting
 * is skipped. `userIds`: only these students (a bulk action on chosen rows). Staff only; returns how many jobs were
 * queued.
 */
export async function insertRegradeJobs({ authz, assignment, userIds }: { authz: CourseAuthz; assignment: Assignment; userIds?: string[] }): Promise<{ queued: number }> {
  assertStaff(authz, assignment);
  requirePythonAssignment(assignment);
  const only = userIds ? sql`and s.user_id = any(${sql.param(userIds)}::uuid[])` : sql``;
  const result = await db().execute(sql`
    insert into grading_jobs (purpose, priority, course_id, assignment_id, user_id, submission_id, version_id, code_state_id)
    select 'regrade', ${BULK_PRIORITY}, s.course_id, s.assignment_id, s.user_id, s.id, v.id, v.code_state_id
    from submissions s
    join lateral (
      select id, code_state_id from submission_versions where submission_id = s.id and kind = 'submit' order by version desc limit 1
    ) v on true
    where s.assignment_id = ${assignment.id} and s.course_id = ${authz.course.id} ${only}
      and not exists (select 1 from grading_jobs g where g.submission_id = s.id and g.purpose = 'regrade' and g.status in ('queued', 'running'))
    returning id`);
  return { queued: rows(result).length };
}

/** Staff of the assignment's course, acting as themselves. */
export function assertStaff(authz: CourseAuthz, assignment: Assignment): void {
  if (!isStaffRole(authz.role) || authz.viewingAs || assignment.courseId !== authz.course.id) throw notFound("No such assignment.");
}
