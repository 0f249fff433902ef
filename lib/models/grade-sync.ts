import { and, asc, desc, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import { systemAuthz, type CourseAuthz } from "@/lib/auth/authz";
import { isStaffRole } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import type { Assignment } from "./assignments";
import { requeueOutboxRows, SUPERSEDED_REASON, type OutboxRow } from "./grade-outbox";

const { enrollments, users, submissions, gradeOutbox } = schema;

/** A student's grade-sync state for one assignment, in the words the grade-sync view uses. */
export type SyncState =
  | { kind: "none" }
  | { kind: "delivered"; at: Date; value: number | null; max: number; skippedUnchanged: boolean }
  /** `attempts` counts attempts started; `sending` says one is under way now (claimed, lease not expired). */
  | { kind: "pending"; nextAttemptAt: Date; attempts: number; sending: boolean; reason: string | null }
  | { kind: "waiting"; reason: string }
  | { kind: "failed"; reason: string; attempts: number; at: Date };

export type SyncRow = {
  userId: string;
  name: string | null;
  isTestUser: boolean;
  submissionId: string | null;
  score: number | null;
  state: SyncState;
};

function staffOnly(authz: CourseAuthz, assignment: Assignment) {
  if (!isStaffRole(authz.role) || assignment.courseId !== authz.course.id) throw notFound();
}

function stateOf(row: OutboxRow | undefined, now = new Date()): SyncState {
  if (!row) return { kind: "none" };
  switch (row.status) {
    case "delivered":
      return { kind: "delivered", at: row.deliveredAt!, value: row.scoreGiven, max: row.scoreMaximum, skippedUnchanged: row.skippedUnchanged };
    case "pending":
      return {
        kind: "pending",
        nextAttemptAt: row.nextAttemptAt,
        attempts: row.attempts,
        sending: row.lockedUntil !== null && row.lockedUntil > now,
        reason: row.statusReason,
      };
    case "waiting":
      return { kind: "waiting", reason: row.statusReason ?? "Waiting." };
    default:
      return { kind: "failed", reason: row.statusReason ?? "The LMS refused the grade.", attempts: row.attempts, at: row.updatedAt };
  }
}

/** The newest non-superseded outbox row of each given submission. */
async function latestOutboxRows(submissionIds: string[]): Promise<Map<string, OutboxRow>> {
  if (submissionIds.length === 0) return new Map();
  const rows = await db()
    .selectDistinctOn([gradeOutbox.submissionId])
    .from(gradeOutbox)
    .where(and(inArray(gradeOutbox.submissionId, submissionIds), ne(gradeOutbox.status, "superseded")))
    .orderBy(gradeOutbox.submissionId, desc(gradeOutbox.createdAt));
  return new Map(rows.map((r) => [r.submissionId, r]));
}

/** Every active student of the course with their submission(s) for the assignment and its LMS sync state. */
export async function selectGradeSyncRows({ authz, assignment }: { authz: CourseAuthz; assignment: Assignment }): Promise<SyncRow[]> {
  staffOnly(authz, assignment);
  const rows = await db()
    .select({ userId: users.id, name: users.name, isTestUser: users.isTestUser, submissionId: submissions.id, score: submissions.score })
    .from(enrollments)
    .innerJoin(users, eq(users.id, enrollments.userId))
    .leftJoin(submissions, and(eq(submissions.userId, users.id), eq(submissions.assignmentId, assignment.id)))
    .where(and(eq(enrollments.courseId, authz.course.id), eq(enrollments.role, "student"), eq(enrollments.status, "active")))
    .orderBy(asc(users.name), asc(users.id));
  const latest = await latestOutboxRows(rows.flatMap((r) => (r.submissionId ? [r.submissionId] : [])));
  return rows.map((r) => ({ ...r, state: stateOf(r.submissionId ? latest.get(r.submissionId) : undefined) }));
}

/** Per assignment of the course: how many students' grades are failed, pending or waiting (for the badge). */
export async function selectCourseSyncProblems({ authz }: { authz: CourseAuthz }) {
  if (!isStaffRole(authz.role)) throw notFound();
  const latest = db()
    .selectDistinctOn([gradeOutbox.submissionId], { submissionId: gradeOutbox.submissionId, status: gradeOutbox.status })
    .from(gradeOutbox)
    .innerJoin(submissions, eq(submissions.id, gradeOutbox.submissionId))
    .where(and(eq(submissions.courseId, authz.course.id), ne(gradeOutbox.status, "superseded")))
    .orderBy(gradeOutbox.submissionId, desc(gradeOutbox.createdAt))
    .as("latest");
  const rows = await db()
    .select({
      assignmentId: submissions.assignmentId,
      failed: sql<number>`count(*) filter (where ${latest.status} = 'failed')`.mapWith(Number),
      pending: sql<number>`count(*) filter (where ${latest.status} = 'pending')`.mapWith(Number),
      waiting: sql<number>`count(*) filter (where ${latest.status} = 'waiting')`.mapWith(Number),
    })
    .from(latest)
    .innerJoin(submissions, eq(submissions.id, latest.submissionId))
    .groupBy(submissions.assignmentId);
  return rows;
}

/** Staff "retry failed": puts the assignment's failed deliveries back in the queue. Returns the row ids. */
export async function requeueFailedForAssignment({ authz, assignment }: { authz: CourseAuthz; assignment: Assignment }) {
  staffOnly(authz, assignment);
  const ids = await db().select({ id: submissions.id }).from(submissions).where(eq(submissions.assignmentId, assignment.id));
  return requeueOutboxRows(systemAuthz(), { submissionIds: ids.map((r) => r.id), statuses: ["failed", "waiting"] });
}

/**
 * Staff "resend all": a forced outbox row for every graded submission of the assignment (or of `userIds` only), as
 * one batch. The
 * submissions are locked first (FOR NO KEY UPDATE, the lock every grade write takes: lib/models/grades.ts), so a grade
 * being written now either commits before we read its score or waits for this batch to commit — never an older
 * score sent with a newer timestamp. The writes are then one statement; it must be a second statement because under
 * READ COMMITTED each statement reads a fresh snapshot, and only a fresh one sees the outbox row of a grade we
 * waited for (to supersede it).
 */
export async function insertResendBatch({ authz, assignment, batchId, userIds }: { authz: CourseAuthz; assignment: Assignment; batchId: string; userIds?: string[] }) {
  staffOnly(authz, assignment);
  return db().transaction(async (tx) => {
    const graded = and(eq(submissions.assignmentId, assignment.id), isNotNull(submissions.score), userIds ? inArray(submissions.userId, userIds) : undefined);
    // In id order, so two concurrent batches lock in the same order (no deadlock).
    await tx.select({ id: submissions.id }).from(submissions).where(graded).orderBy(asc(submissions.id)).for("no key update");
    const changedAt = new Date().toISOString();
    await tx.execute(sql`
      with graded as (select ${submissions.id} as id, ${submissions.score} as score from ${submissions} where ${graded}),
      superseded as (
        update ${gradeOutbox} set status = 'superseded', status_reason = ${SUPERSEDED_REASON}, locked_until = null, updated_at = now()
        where submission_id in (select id from graded) and status in ('pending', 'waiting', 'failed')
      )
      insert into ${gradeOutbox} (submission_id, score_given, score_maximum, changed_at, status, next_attempt_at, force, batch_id)
      select id, score, ${assignment.points}, ${changedAt}::timestamptz, 'pending', ${changedAt}::timestamptz, true, ${batchId}::uuid from graded`);
    return tx
      .select({ row: gradeOutbox })
      .from(gradeOutbox)
      .innerJoin(submissions, eq(submissions.id, gradeOutbox.submissionId))
      .where(eq(gradeOutbox.batchId, batchId))
      .orderBy(asc(submissions.createdAt), asc(submissions.id))
      .then((rows) => rows.map((r) => r.row));
  });
}

/** Progress of a resend batch: how many rows reached a final state. */
export async function selectBatchProgress({ authz, batchId }: { authz: CourseAuthz; batchId: string }) {
  if (!isStaffRole(authz.role)) throw notFound();
  const [row] = await db()
    .select({
      total: sql<number>`count(*)`.mapWith(Number),
      done: sql<number>`count(*) filter (where ${gradeOutbox.status} in ('delivered', 'failed', 'waiting', 'superseded'))`.mapWith(Number),
      failed: sql<number>`count(*) filter (where ${gradeOutbox.status} = 'failed')`.mapWith(Number),
    })
    .from(gradeOutbox)
    .innerJoin(submissions, eq(submissions.id, gradeOutbox.submissionId))
    .where(and(eq(gradeOutbox.batchId, batchId), eq(submissions.courseId, authz.course.id)));
  return row;
}

/** The LMS sync state of one (trusted, already authorized) submission's grade, for the staff's student-work page. */
export async function selectSubmissionSyncState({ submissionId }: { submissionId: string }): Promise<SyncState> {
  return stateOf((await latestOutboxRows([submissionId])).get(submissionId));
}
