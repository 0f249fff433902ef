import { and, asc, eq, inArray, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { db, schema, type Database } from "@/db";
import { prepared, statementName } from "@/db/prepared";
import type { SystemAuthz } from "@/lib/auth/authz";

const { gradeOutbox, lmsScoreDeliveries, lmsLineItems } = schema;

export type OutboxRow = typeof gradeOutbox.$inferSelect;
/** A database or an open transaction: enqueueing must share the grade write's transaction. */
export type Executor = Pick<Database, "insert" | "update" | "select" | "execute">;

/** Why an undelivered outbox row stopped counting, shown on the grade-sync view. */
export const SUPERSEDED_REASON = "A newer grade replaced this one before it was sent.";

/**
 * Records a grade change for delivery to the LMS. Call inside the transaction that writes the grade, so a grade
 * never exists without its outbox row. Older undelivered rows of the same submission are superseded: only the
 * newest score needs to reach the LMS.
 */
export async function insertGradeOutboxRow(
  tx: Executor,
  grade: {
    submissionId: string;
    scoreGiven: number | null;
    scoreMaximum: number;
    changedAt: Date;
    force?: boolean;
    batchId?: string;
  },
): Promise<OutboxRow> {
  await tx
    .update(gradeOutbox)
    .set({ status: "superseded", statusReason: SUPERSEDED_REASON, lockedUntil: null })
    .where(
      and(
        eq(gradeOutbox.submissionId, grade.submissionId),
        inArray(gradeOutbox.status, ["pending", "waiting", "failed"]),
      ),
    );
  // Due "now" by this process's clock (ms precision): the database's now() has microseconds and could fall after
  // a `now` the caller takes a moment later within the same millisecond.
  const [row] = await tx.insert(gradeOutbox).values({ ...grade, status: "pending", nextAttemptAt: new Date() }).returning();
  return row;
}

/** Ids of rows due for a delivery attempt (pending, due, not claimed by a live worker), oldest first. */
export async function selectDueOutboxIds(_authz: SystemAuthz, { now, limit }: { now: Date; limit: number }) {
  const rows = await db()
    .select({ id: gradeOutbox.id, platformId: gradeOutbox.platformId })
    .from(gradeOutbox)
    .where(
      and(
        eq(gradeOutbox.status, "pending"),
        lte(gradeOutbox.nextAttemptAt, now),
        or(isNull(gradeOutbox.lockedUntil), lt(gradeOutbox.lockedUntil, now)),
      ),
    )
    .orderBy(asc(gradeOutbox.nextAttemptAt))
    .limit(limit);
  return rows;
}

/**
 * Claims a due row for one delivery attempt (a lease, so a crashed worker's row comes back). Returns null when the
 * row is not due, already claimed, or no longer pending — which makes every caller idempotent.
 */
export async function claimOutboxRow(
  _authz: SystemAuthz,
  { outboxId, now, leaseMs }: { outboxId: string; now: Date; leaseMs: number },
): Promise<OutboxRow | null> {
  const [row] = await db()
    .update(gradeOutbox)
    .set({ lockedUntil: new Date(now.getTime() + leaseMs), attempts: sql`${gradeOutbox.attempts} + 1` })
    .where(
      and(
        eq(gradeOutbox.id, outboxId),
        eq(gradeOutbox.status, "pending"),
        lte(gradeOutbox.nextAttemptAt, now),
        or(isNull(gradeOutbox.lockedUntil), lt(gradeOutbox.lockedUntil, now)),
      ),
    )
    .returning();
  return row ?? null;
}

type Outcome =
  | { status: "delivered"; skippedUnchanged: boolean; lastHttpStatus: number | null }
  | { status: "pending"; nextAttemptAt: Date; statusReason: string; lastHttpStatus: number | null }
  | { status: "waiting" | "failed" | "superseded"; statusReason: string; lastHttpStatus: number | null };

/** Records the result of a claimed attempt; only the claimed, still-pending row is changed. */
export async function updateOutboxOutcome(
  _authz: SystemAuthz,
  { outboxId, outcome, target }: { outboxId: string; outcome: Outcome; target?: { platformId: string; lineItemUrl: string } },
): Promise<void> {
  const base = { lockedUntil: null, lastHttpStatus: outcome.lastHttpStatus, ...(target ?? {}) };
  const set =
    outcome.status === "delivered"
      ? { ...base, status: "delivered" as const, deliveredAt: new Date(), skippedUnchanged: outcome.skippedUnchanged, statusReason: null }
      : outcome.status === "pending"
        ? { ...base, status: "pending" as const, nextAttemptAt: outcome.nextAttemptAt, statusReason: outcome.statusReason }
        : { ...base, status: outcome.status, statusReason: outcome.statusReason };
  await db()
    .update(gradeOutbox)
    .set(set)
    .where(and(eq(gradeOutbox.id, outboxId), eq(gradeOutbox.status, "pending")));
}

/** Puts failed or waiting rows back in the queue (staff "retry", or a first launch that supplies the LMS identity). */
export async function requeueOutboxRows(
  _authz: SystemAuthz,
  { submissionIds, statuses }: { submissionIds: string[]; statuses: ("failed" | "waiting")[] },
): Promise<{ id: string; platformId: string | null }[]> {
  if (submissionIds.length === 0) return [];
  const rows = await db()
    .update(gradeOutbox)
    .set({ status: "pending", nextAttemptAt: new Date(), attempts: 0, statusReason: null, lockedUntil: null })
    .where(and(inArray(gradeOutbox.submissionId, submissionIds), inArray(gradeOutbox.status, statuses)))
    .returning({ id: gradeOutbox.id, platformId: gradeOutbox.platformId });
  return rows;
}

/** The score the LMS last accepted for this line item and user, or null. */
export async function selectOptionalLastDelivery({ lineItemUrl, lmsUserId }: { lineItemUrl: string; lmsUserId: string }) {
  const [row] = await db()
    .select()
    .from(lmsScoreDeliveries)
    .where(and(eq(lmsScoreDeliveries.lineItemUrl, lineItemUrl), eq(lmsScoreDeliveries.lmsUserId, lmsUserId)))
    .limit(1);
  return row ?? null;
}

/** Remembers the score the LMS accepted (newest change wins, so a late retry of an older row cannot regress it). */
export async function ensureLastDelivery(values: {
  lineItemUrl: string;
  lmsUserId: string;
  scoreGiven: number | null;
  scoreMaximum: number;
  changedAt: Date;
  outboxId: string;
}): Promise<void> {
  await db()
    .insert(lmsScoreDeliveries)
    .values(values)
    .onConflictDoUpdate({
      target: [lmsScoreDeliveries.lineItemUrl, lmsScoreDeliveries.lmsUserId],
      set: {
        scoreGiven: values.scoreGiven,
        scoreMaximum: values.scoreMaximum,
        changedAt: values.changedAt,
        outboxId: values.outboxId,
      },
      setWhere: lte(lmsScoreDeliveries.changedAt, values.changedAt),
    });
}

/** The line item Lantern found or created for a resource link, or null. */
export async function selectOptionalLineItemForLink({ resourceLinkRowId }: { resourceLinkRowId: string }) {
  const [row] = await db().select().from(lmsLineItems).where(eq(lmsLineItems.resourceLinkRowId, resourceLinkRowId)).limit(1);
  return row?.lineItemUrl ?? null;
}

/** Remembers the line item of a resource link (first writer wins, so concurrent deliveries agree on one). */
export async function ensureLineItemForLink({ resourceLinkRowId, lineItemUrl }: { resourceLinkRowId: string; lineItemUrl: string }) {
  await db().insert(lmsLineItems).values({ resourceLinkRowId, lineItemUrl }).onConflictDoNothing();
  return (await selectOptionalLineItemForLink({ resourceLinkRowId }))!;
}

/** One outbox row by id (system use: delivery and tests). */
export async function selectOutboxRow(_authz: SystemAuthz, { outboxId }: { outboxId: string }) {
  const [row] = await db().select().from(gradeOutbox).where(eq(gradeOutbox.id, outboxId)).limit(1);
  return row ?? null;
}

/** Queues again the waiting grades of the submissions `owned` selects (their missing link or identity may now exist). */
function requeueWaiting(owned: SQL) {
  return db()
    .update(gradeOutbox)
    .set({ status: "pending", nextAttemptAt: new Date(), statusReason: null, lockedUntil: null })
    .where(
      and(
        eq(gradeOutbox.status, "waiting"),
        inArray(gradeOutbox.submissionId, db().select({ id: schema.submissions.id }).from(schema.submissions).where(owned)),
      ),
    )
    .returning({ id: gradeOutbox.id, platformId: gradeOutbox.platformId });
}

/** After an assignment gets an LMS link (a staff member connected one), its grades that were waiting for a link are queued again. */
export async function requeueWaitingForAssignment(_authz: SystemAuthz, { assignmentId }: { assignmentId: string }) {
  return requeueWaiting(eq(schema.submissions.assignmentId, assignmentId));
}

/**
 * After a student's launch gives them an LMS identity, their grades that were waiting for one are queued again.
 * Runs on every launch (usually matching nothing), so it is a prepared statement.
 */
export async function requeueWaitingForUser(_authz: SystemAuthz, { userId }: { userId: string }) {
  return requeueForUser().execute({ userId, now: new Date() });
}

const requeueForUser = prepared("grade_outbox_requeue_waiting_for_user", (d) =>
  d
    .update(gradeOutbox)
    .set({ status: "pending", nextAttemptAt: sql`${sql.placeholder("now")}`, statusReason: null, lockedUntil: null })
    .where(
      and(
        eq(gradeOutbox.status, "waiting"),
        inArray(
          gradeOutbox.submissionId,
          d.select({ id: schema.submissions.id }).from(schema.submissions).where(eq(schema.submissions.userId, sql.placeholder("userId"))),
        ),
      ),
    )
    .returning({ id: gradeOutbox.id, platformId: gradeOutbox.platformId })
    .prepare(statementName("grade_outbox_requeue_waiting_for_user")),
);
