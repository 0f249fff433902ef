import { and, asc, desc, eq, inArray, isNotNull, isNull, or } from "drizzle-orm";
import { db, schema } from "@/db";
import type { ExchangeActionKind } from "@/db/schema/exchange";
import type { ExchangeAuthz } from "@/lib/exchange/types";
import type { ExchangeAssignment } from "./exchange-assignments";

const { exchangeAssignments, exchangeReleases, exchangeSubmissions, exchangeFeedback, exchangeActions, users } = schema;

export type ListedAction = {
  id: string;
  exchangeAssignmentId: string;
  userId: string;
  action: ExchangeActionKind;
  releaseId: string | null;
  submissionId: string | null;
  createdAt: Date;
  /** The submission's nbgrader timestamp for `submitted` actions. */
  submissionTimestamp: string | null;
};

/**
 * What nbgrader's `list` shows one caller for a course: the course's active assignments (newest first), each with the
 * notebooks of its newest release, its releases, and the caller's own actions (fetched, submitted, collected,
 * feedback) with, for their submissions, which notebooks have feedback.
 */
export async function selectExchangeListing({ authz }: { authz: ExchangeAuthz }) {
  const active = await db()
    .select()
    .from(exchangeAssignments)
    .where(and(eq(exchangeAssignments.courseId, authz.course.id), eq(exchangeAssignments.active, true), isNull(exchangeAssignments.purgedAt)))
    .orderBy(desc(exchangeAssignments.createdAt));
  if (!active.length) return [];
  const ids = active.map((a) => a.id);
  const releases = await db()
    .select()
    .from(exchangeReleases)
    .where(and(inArray(exchangeReleases.exchangeAssignmentId, ids), isNotNull(exchangeReleases.storageKey)))
    .orderBy(asc(exchangeReleases.createdAt));
  const actions: ListedAction[] = await db()
    .select({
      id: exchangeActions.id,
      exchangeAssignmentId: exchangeActions.exchangeAssignmentId,
      userId: exchangeActions.userId,
      action: exchangeActions.action,
      releaseId: exchangeActions.releaseId,
      submissionId: exchangeActions.submissionId,
      createdAt: exchangeActions.createdAt,
      submissionTimestamp: exchangeSubmissions.timestamp,
    })
    .from(exchangeActions)
    .leftJoin(exchangeSubmissions, eq(exchangeSubmissions.id, exchangeActions.submissionId))
    .where(
      and(
        inArray(exchangeActions.exchangeAssignmentId, ids),
        eq(exchangeActions.userId, authz.caller.user.id),
        inArray(exchangeActions.action, ["fetched", "submitted", "collected", "feedback_released", "feedback_fetched"]),
        // A purged file's action has nothing left to show.
        or(isNull(exchangeActions.submissionId), isNotNull(exchangeSubmissions.storageKey)),
      ),
    )
    .orderBy(asc(exchangeActions.createdAt));
  const ownSubmissionIds = actions.filter((a) => a.action === "submitted" && a.submissionId).map((a) => a.submissionId!);
  const feedback = ownSubmissionIds.length
    ? await db()
        .selectDistinctOn([exchangeFeedback.submissionId, exchangeFeedback.notebook], {
          submissionId: exchangeFeedback.submissionId,
          notebook: exchangeFeedback.notebook,
        })
        .from(exchangeFeedback)
        .where(and(inArray(exchangeFeedback.submissionId, ownSubmissionIds), isNotNull(exchangeFeedback.storageKey)))
        .orderBy(exchangeFeedback.submissionId, exchangeFeedback.notebook, desc(exchangeFeedback.createdAt))
    : [];
  return active.map((assignment) => {
    const own = releases.filter((r) => r.exchangeAssignmentId === assignment.id);
    return {
      assignment,
      notebooks: own.at(-1)?.notebooks ?? [],
      releases: own,
      actions: actions.filter((a) => a.exchangeAssignmentId === assignment.id),
      feedback: feedback.filter((f) => actions.some((a) => a.submissionId === f.submissionId && a.exchangeAssignmentId === assignment.id)),
    };
  });
}

/** Actions on a course's assignments for the exchange `history`: everything for staff, releases plus their own for students. */
export async function selectExchangeHistory({ authz, action }: { authz: ExchangeAuthz; action?: ExchangeActionKind }) {
  return db()
    .select({
      exchangeAssignmentId: exchangeAssignments.id,
      code: exchangeAssignments.code,
      action: exchangeActions.action,
      createdAt: exchangeActions.createdAt,
      userId: exchangeActions.userId,
      userName: users.name,
      releaseId: exchangeActions.releaseId,
      submissionId: exchangeActions.submissionId,
      feedbackId: exchangeActions.feedbackId,
    })
    .from(exchangeActions)
    .innerJoin(exchangeAssignments, eq(exchangeAssignments.id, exchangeActions.exchangeAssignmentId))
    .innerJoin(users, eq(users.id, exchangeActions.userId))
    .where(
      and(
        eq(exchangeAssignments.courseId, authz.course.id),
        isNull(exchangeAssignments.purgedAt),
        action ? eq(exchangeActions.action, action) : undefined,
        authz.staff ? undefined : or(eq(exchangeActions.action, "released"), eq(exchangeActions.userId, authz.caller.user.id)),
      ),
    )
    .orderBy(asc(exchangeAssignments.createdAt), asc(exchangeActions.createdAt));
}

/**
 * Purges an assignment from the exchange: in one transaction it is marked purged (so nothing of it is served from
 * here on) and every file reference is cleared; returns the storage keys, which the caller then deletes. Its rows
 * stay as history, and a later release of the same code starts afresh (old feedback can never re-attach).
 */
export async function updateExchangeAssignmentPurged({
  authz,
  exchangeAssignment,
}: {
  authz: ExchangeAuthz;
  exchangeAssignment: ExchangeAssignment;
}): Promise<string[]> {
  if (!authz.staff || exchangeAssignment.courseId !== authz.course.id) throw new Error("only staff purge");
  return db().transaction(async (tx) => {
    const [locked] = await tx
      .select()
      .from(exchangeAssignments)
      .where(and(eq(exchangeAssignments.id, exchangeAssignment.id), isNull(exchangeAssignments.purgedAt)))
      .for("update");
    if (!locked) return [];
    const now = new Date();
    await tx.update(exchangeAssignments).set({ active: false, purgedAt: now }).where(eq(exchangeAssignments.id, locked.id));
    // RETURNING gives the new (null) key, so the keys are read first, under the lock taken above.
    const submissionIds = tx.select({ id: exchangeSubmissions.id }).from(exchangeSubmissions).where(eq(exchangeSubmissions.exchangeAssignmentId, locked.id));
    const keys = [
      ...(await tx.select({ key: exchangeReleases.storageKey }).from(exchangeReleases).where(eq(exchangeReleases.exchangeAssignmentId, locked.id))),
      ...(await tx.select({ key: exchangeSubmissions.storageKey }).from(exchangeSubmissions).where(eq(exchangeSubmissions.exchangeAssignmentId, locked.id))),
      ...(await tx.select({ key: exchangeFeedback.storageKey }).from(exchangeFeedback).where(inArray(exchangeFeedback.submissionId, submissionIds))),
    ];
    await tx.update(exchangeReleases).set({ storageKey: null }).where(eq(exchangeReleases.exchangeAssignmentId, locked.id));
    await tx.update(exchangeFeedback).set({ storageKey: null }).where(inArray(exchangeFeedback.submissionId, submissionIds));
    await tx.update(exchangeSubmissions).set({ storageKey: null }).where(eq(exchangeSubmissions.exchangeAssignmentId, locked.id));
    await tx.insert(exchangeActions).values({ exchangeAssignmentId: locked.id, userId: authz.caller.user.id, action: "removed" });
    return keys.map((r) => r.key).filter((k): k is string => k !== null);
  });
}

export { exchangeActionKinds, type ExchangeActionKind } from "@/db/schema/exchange";
