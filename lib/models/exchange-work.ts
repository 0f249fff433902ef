import { and, asc, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { db, schema } from "@/db";
import type { ExchangeActionKind } from "@/db/schema/exchange";
import type { NbgraderTimestamp } from "@/lib/exchange/timestamps";
import type { ExchangeAuthz } from "@/lib/exchange/types";
import type { StoredObject } from "@/lib/storage";
import type { ExchangeAssignment } from "./exchange-assignments";

const { exchangeSubmissions, exchangeFeedback, exchangeActions, users } = schema;

export type ExchangeSubmission = typeof exchangeSubmissions.$inferSelect;
export type ExchangeFeedback = typeof exchangeFeedback.$inferSelect;

/** Records a student's stored submission and a `submitted` action. Every submission is kept. */
export async function insertExchangeSubmission({
  authz,
  exchangeAssignment,
  submissionId,
  timestamp,
  object,
}: {
  authz: ExchangeAuthz;
  exchangeAssignment: ExchangeAssignment;
  submissionId: string;
  timestamp: NbgraderTimestamp;
  object: StoredObject;
}): Promise<ExchangeSubmission> {
  if (exchangeAssignment.courseId !== authz.course.id) throw new Error("assignment of another course");
  return db().transaction(async (tx) => {
    const [row] = await tx
      .insert(exchangeSubmissions)
      .values({
        id: submissionId,
        exchangeAssignmentId: exchangeAssignment.id,
        userId: authz.caller.user.id,
        timestamp: timestamp.text,
        submittedAt: timestamp.date,
        storageKey: object.key,
        sha256: object.sha256,
        bytes: object.bytes,
      })
      .returning();
    await tx.insert(exchangeActions).values({ exchangeAssignmentId: exchangeAssignment.id, userId: authz.caller.user.id, action: "submitted", submissionId });
    return row;
  });
}

/** A submission row with its student, as staff lists need it. */
export type StaffExchangeSubmission = ExchangeSubmission & { student: { id: string; name: string | null; email: string | null } };

/** The assignment's stored submissions (all of them, oldest first), optionally of one student only. Staff only. */
export async function selectExchangeSubmissions({
  authz,
  exchangeAssignment,
  userId,
}: {
  authz: ExchangeAuthz;
  exchangeAssignment: ExchangeAssignment;
  userId?: string;
}): Promise<StaffExchangeSubmission[]> {
  if (!authz.staff || exchangeAssignment.courseId !== authz.course.id) return [];
  const rows = await db()
    .select({ submission: exchangeSubmissions, student: { id: users.id, name: users.name, email: users.email } })
    .from(exchangeSubmissions)
    .innerJoin(users, eq(users.id, exchangeSubmissions.userId))
    .where(
      and(
        eq(exchangeSubmissions.exchangeAssignmentId, exchangeAssignment.id),
        isNotNull(exchangeSubmissions.storageKey),
        userId ? eq(exchangeSubmissions.userId, userId) : undefined,
      ),
    )
    .orderBy(asc(exchangeSubmissions.submittedAt), asc(exchangeSubmissions.createdAt));
  return rows.map((r) => ({ ...r.submission, student: r.student }));
}

/** One stored submission of this assignment by id (staff), or null: what `collection` downloads. */
export async function selectOptionalExchangeSubmission({
  authz,
  exchangeAssignment,
  unsafeSubmissionId,
}: {
  authz: ExchangeAuthz;
  exchangeAssignment: ExchangeAssignment;
  unsafeSubmissionId: string;
}): Promise<ExchangeSubmission | null> {
  if (!authz.staff || exchangeAssignment.courseId !== authz.course.id) return null;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(unsafeSubmissionId)) return null;
  const [row] = await db()
    .select()
    .from(exchangeSubmissions)
    .where(
      and(
        eq(exchangeSubmissions.id, unsafeSubmissionId),
        eq(exchangeSubmissions.exchangeAssignmentId, exchangeAssignment.id),
        isNotNull(exchangeSubmissions.storageKey),
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * The student's submission made at this instant (the timestamp nbgrader's feedback names), newest first if the
 * same instant was submitted twice. Matched on the normalised UTC text, so offsets and formats cannot break it.
 */
export async function selectOptionalSubmissionAt({
  exchangeAssignment,
  userId,
  timestamp,
}: {
  exchangeAssignment: ExchangeAssignment;
  userId: string;
  timestamp: NbgraderTimestamp;
}): Promise<ExchangeSubmission | null> {
  const [row] = await db()
    .select()
    .from(exchangeSubmissions)
    .where(
      and(
        eq(exchangeSubmissions.exchangeAssignmentId, exchangeAssignment.id),
        eq(exchangeSubmissions.userId, userId),
        eq(exchangeSubmissions.timestamp, timestamp.text),
        isNotNull(exchangeSubmissions.storageKey),
      ),
    )
    .orderBy(desc(exchangeSubmissions.createdAt))
    .limit(1);
  return row ?? null;
}

/** Records feedback for one notebook of a submission and a `feedback_released` action by the staff member. */
export async function insertExchangeFeedback({
  authz,
  exchangeAssignment,
  submission,
  feedbackId,
  notebook,
  checksum,
  object,
}: {
  authz: ExchangeAuthz;
  exchangeAssignment: ExchangeAssignment;
  submission: ExchangeSubmission;
  feedbackId: string;
  notebook: string;
  checksum: string;
  object: StoredObject;
}): Promise<ExchangeFeedback> {
  if (!authz.staff || exchangeAssignment.courseId !== authz.course.id || submission.exchangeAssignmentId !== exchangeAssignment.id) {
    throw new Error("feedback outside the caller's course");
  }
  return db().transaction(async (tx) => {
    const [row] = await tx
      .insert(exchangeFeedback)
      .values({
        id: feedbackId,
        submissionId: submission.id,
        notebook,
        instructorUserId: authz.caller.user.id,
        checksum,
        storageKey: object.key,
        sha256: object.sha256,
        bytes: object.bytes,
      })
      .returning();
    await tx.insert(exchangeActions).values({
      exchangeAssignmentId: exchangeAssignment.id,
      userId: authz.caller.user.id,
      action: "feedback_released",
      submissionId: submission.id,
      feedbackId,
    });
    return row;
  });
}

/**
 * The newest feedback per (submission, notebook) for these submissions: superseded feedback is never served, so a
 * client that writes every item to `feedback/<timestamp>/<notebook>.html` ends up with the latest.
 */
export async function selectLatestFeedback({ submissionIds }: { submissionIds: string[] }): Promise<ExchangeFeedback[]> {
  if (!submissionIds.length) return [];
  return db()
    .selectDistinctOn([exchangeFeedback.submissionId, exchangeFeedback.notebook])
    .from(exchangeFeedback)
    .where(and(inArray(exchangeFeedback.submissionId, submissionIds), isNotNull(exchangeFeedback.storageKey)))
    .orderBy(exchangeFeedback.submissionId, exchangeFeedback.notebook, desc(exchangeFeedback.createdAt));
}

/** The caller's own stored submissions of an assignment, oldest first. */
export async function selectOwnExchangeSubmissions({
  authz,
  exchangeAssignment,
}: {
  authz: ExchangeAuthz;
  exchangeAssignment: ExchangeAssignment;
}): Promise<ExchangeSubmission[]> {
  if (exchangeAssignment.courseId !== authz.course.id) return [];
  return db()
    .select()
    .from(exchangeSubmissions)
    .where(
      and(
        eq(exchangeSubmissions.exchangeAssignmentId, exchangeAssignment.id),
        eq(exchangeSubmissions.userId, authz.caller.user.id),
        isNotNull(exchangeSubmissions.storageKey),
      ),
    )
    .orderBy(asc(exchangeSubmissions.submittedAt), asc(exchangeSubmissions.createdAt));
}

/** Appends actions (fetched, collected, feedback_fetched) by the caller. */
export async function insertExchangeActions({
  authz,
  actions,
}: {
  authz: ExchangeAuthz;
  actions: { exchangeAssignment: ExchangeAssignment; action: ExchangeActionKind; releaseId?: string; submissionId?: string; feedbackId?: string }[];
}): Promise<void> {
  const values = actions
    .filter((a) => a.exchangeAssignment.courseId === authz.course.id)
    .map((a) => ({
      exchangeAssignmentId: a.exchangeAssignment.id,
      userId: authz.caller.user.id,
      action: a.action,
      releaseId: a.releaseId,
      submissionId: a.submissionId,
      feedbackId: a.feedbackId,
    }));
  if (values.length) await db().insert(exchangeActions).values(values);
}
