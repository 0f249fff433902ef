import { systemAuthz } from "@/lib/auth/authz";
import { log } from "@/lib/log";
import {
  claimOutboxRow,
  ensureLastDelivery,
  ensureLineItemForLink,
  selectOptionalLastDelivery,
  updateOutboxOutcome,
  type OutboxRow,
} from "@/lib/models/grade-outbox";
import { selectDeliveryTarget, type DeliveryTarget } from "@/lib/models/passback-targets";
import { deliverBasicOutcome } from "./basic-outcomes";
import type { BasicOutcomesClient } from "@/lib/lti11/outcomes-client";
import type { AgsClient, LmsResult } from "./lms-client";
import { decideRetry, type LmsFailure } from "./retry-policy";
import { buildScorePayload } from "./score-payload";

/** How long one delivery attempt may hold its claim before another worker may take the row. */
export const DELIVERY_LEASE_MS = 60_000;

export type DeliveryResult =
  | { kind: "not_claimed" }
  | { kind: "delivered"; lmsCalls: number; skippedUnchanged: boolean }
  | { kind: "retry"; lmsCalls: number; delayMs: number; reason: string }
  | { kind: "waiting" | "failed" | "superseded"; lmsCalls: number; reason: string };

/**
 * Makes one delivery attempt for an outbox row: claim it, resolve the LMS target, skip if the LMS already has this
 * score, make sure a line item exists (never creating a duplicate), post the score, and record the outcome.
 * Idempotent by outbox row: a row that is not due or is claimed elsewhere is left alone.
 */
export async function deliverOutboxRow(
  outboxId: string,
  client: AgsClient,
  { now = new Date(), random, outcomes }: { now?: Date; random?: () => number; outcomes?: BasicOutcomesClient } = {},
): Promise<DeliveryResult> {
  const authz = systemAuthz();
  const row = await claimOutboxRow(authz, { outboxId, now, leaseMs: DELIVERY_LEASE_MS });
  if (!row) return { kind: "not_claimed" };
  let lmsCalls = 0;
  const fail = async (failure: LmsFailure, target?: { platformId: string; lineItemUrl: string }): Promise<DeliveryResult> => {
    const decision = decideRetry(failure, row.attempts, random);
    if (decision.kind === "retry") {
      const nextAttemptAt = new Date(now.getTime() + decision.delayMs);
      await updateOutboxOutcome(authz, {
        outboxId,
        target,
        outcome: { status: "pending", nextAttemptAt, statusReason: `Will retry: ${decision.reason}`, lastHttpStatus: failure.status },
      });
      return { kind: "retry", lmsCalls, delayMs: decision.delayMs, reason: decision.reason };
    }
    await updateOutboxOutcome(authz, {
      outboxId,
      target,
      outcome: { status: "failed", statusReason: decision.reason, lastHttpStatus: failure.status },
    });
    log.warn("grade delivery failed", { outboxId, status: failure.status, reason: decision.reason });
    return { kind: "failed", lmsCalls, reason: decision.reason };
  };

  try {
    const target = await selectDeliveryTarget(authz, { submissionId: row.submissionId });
    if (target.kind === "waiting") {
      await updateOutboxOutcome(authz, { outboxId, outcome: { status: "waiting", statusReason: target.reason, lastHttpStatus: null } });
      return { kind: "waiting", lmsCalls, reason: target.reason };
    }
    if (target.kind === "basic_outcomes") {
      const outcome = await deliverBasicOutcome({ row, target, outcomes, countCall: () => lmsCalls++ });
      if (outcome.kind === "failed") return fail(outcome.failure, outcome.where);
      await updateOutboxOutcome(authz, { outboxId, target: outcome.where, outcome: outcome.outcome });
      return outcome.outcome.status === "delivered"
        ? { kind: "delivered", lmsCalls, skippedUnchanged: outcome.outcome.skippedUnchanged }
        : { kind: "waiting", lmsCalls, reason: outcome.outcome.statusReason };
    }

    const lineItem = await lineItemFor(target, row, client, () => lmsCalls++);
    if (!lineItem.ok) return fail(lineItem.failure);
    const where = { platformId: target.platformId, lineItemUrl: lineItem.value };

    const last = await selectOptionalLastDelivery({ lineItemUrl: lineItem.value, lmsUserId: target.lmsUserId });
    if (last && !row.force && sameScore(last, row)) {
      await updateOutboxOutcome(authz, { outboxId, target: where, outcome: { status: "delivered", skippedUnchanged: true, lastHttpStatus: null } });
      return { kind: "delivered", lmsCalls, skippedUnchanged: true };
    }

    const payload = buildScorePayload({
      lmsUserId: target.lmsUserId,
      score: row.scoreGiven,
      maxScore: row.scoreMaximum,
      changedAt: row.changedAt,
      submittedAt: target.submittedAt,
      isCanvas: target.isCanvas,
    });
    lmsCalls++;
    const posted = await client.postScore({ platformId: target.platformId, lineItemUrl: lineItem.value, payload });
    if (!posted.ok && posted.failure.status === 409) {
      // The LMS holds a score with a newer timestamp (AGS §3.4: platforms keep the latest; Canvas answers 409), so
      // this older grade is replaced, not failed.
      const statusReason = "The LMS already has a newer grade for this student.";
      await updateOutboxOutcome(authz, { outboxId, target: where, outcome: { status: "superseded", statusReason, lastHttpStatus: 409 } });
      return { kind: "superseded", lmsCalls, reason: statusReason };
    }
    if (!posted.ok) return fail(posted.failure, where);

    await ensureLastDelivery({
      lineItemUrl: lineItem.value,
      lmsUserId: target.lmsUserId,
      scoreGiven: row.scoreGiven,
      scoreMaximum: row.scoreMaximum,
      changedAt: row.changedAt,
      outboxId,
    });
    await updateOutboxOutcome(authz, { outboxId, target: where, outcome: { status: "delivered", skippedUnchanged: false, lastHttpStatus: 200 } });
    return { kind: "delivered", lmsCalls, skippedUnchanged: false };
  } catch (error) {
    // Our own bug or the database: keep the row and retry with backoff rather than lose the grade.
    log.error("grade delivery crashed", { outboxId, error });
    return fail({ status: null, message: "Lantern could not reach the LMS (internal error; see server log)." });
  }
}

/** Skip-unchanged: the LMS already holds exactly this score for this user on this line item. */
function sameScore(last: { scoreGiven: number | null; scoreMaximum: number }, row: OutboxRow): boolean {
  return last.scoreGiven === row.scoreGiven && last.scoreMaximum === row.scoreMaximum;
}

/**
 * The line item to post to: the launch's or Deep Linking's, else one already found/created for this link, else
 * one found by resource_link_id in the LMS, else a new one. Creation is remembered per link, so it happens once.
 */
async function lineItemFor(
  target: Extract<DeliveryTarget, { kind: "ready" }>,
  row: OutboxRow,
  client: AgsClient,
  countCall: () => void,
): Promise<LmsResult<string>> {
  if (target.lineItemUrl) return { ok: true, value: target.lineItemUrl };
  const lineItemsUrl = target.lineItemsUrl!;
  countCall();
  const found = await client.listLineItems({ platformId: target.platformId, lineItemsUrl, resourceLinkId: target.resourceLinkId });
  if (!found.ok) return found;
  let url = found.value.find((item) => item.resourceId === target.assignmentId)?.id ?? found.value[0]?.id;
  if (!url) {
    countCall();
    const created = await client.createLineItem({
      platformId: target.platformId,
      lineItemsUrl,
      lineItem: { label: target.label, scoreMaximum: row.scoreMaximum, resourceId: target.assignmentId, resourceLinkId: target.resourceLinkId },
    });
    if (!created.ok) return created;
    url = created.value;
  }
  return { ok: true, value: await ensureLineItemForLink({ resourceLinkRowId: target.resourceLinkRowId, lineItemUrl: url }) };
}
