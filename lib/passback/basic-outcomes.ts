import { env } from "@/lib/env";
import { basicOutcomesClient, type BasicOutcomesClient } from "@/lib/lti11/outcomes-client";
import { outcomeScore } from "@/lib/lti11/outcomes-xml";
import { LTI11_LAUNCH_PATH } from "@/lib/lti11/verify";
import { ensureLastDelivery, selectOptionalLastDelivery, type OutboxRow } from "@/lib/models/grade-outbox";
import type { DeliveryTarget } from "@/lib/models/passback-targets";
import type { LmsFailure } from "./retry-policy";

/** The query parameter of the ltiLaunchUrl Lantern gives Canvas: SpeedGrader's launch opens this submission. */
export const SUBMISSION_LAUNCH_PARAM = "lantern_submission";

type Target = Extract<DeliveryTarget, { kind: "basic_outcomes" }>;
type Where = { platformId: string; lineItemUrl: string };
export type BasicOutcomeResult =
  | { kind: "failed"; failure: LmsFailure; where: Where }
  | {
      kind: "done";
      where: Where;
      outcome: { status: "delivered"; skippedUnchanged: boolean; lastHttpStatus: number | null } | { status: "waiting"; statusReason: string; lastHttpStatus: null };
    };

/** Two scores are the same result when they round to the same Basic Outcomes decimal. */
function sameOutcome(a: { scoreGiven: number | null; scoreMaximum: number }, b: { scoreGiven: number | null; scoreMaximum: number }): boolean {
  if (a.scoreGiven === null || b.scoreGiven === null) return a.scoreGiven === b.scoreGiven;
  return outcomeScore(a.scoreGiven, a.scoreMaximum) === outcomeScore(b.scoreGiven, b.scoreMaximum);
}

/**
 * One Basic Outcomes delivery for an outbox row (the LTI 1.1 kind of the one outbox, lib/passback/deliver.ts):
 * skip when the LMS already has this score — known from Lantern's last delivery, or, the first time, read back with
 * readResult (a school switching tools already has grades there) — else replaceResult. The outbox row, retry policy,
 * sync history and skip-unchanged record (keyed by outcome service URL and sourcedId) are the ones AGS uses.
 */
export async function deliverBasicOutcome({
  row,
  target,
  outcomes = basicOutcomesClient(),
  countCall,
}: {
  row: OutboxRow;
  target: Target;
  outcomes?: BasicOutcomesClient;
  countCall: () => void;
}): Promise<BasicOutcomeResult> {
  const where = { platformId: target.platformId, lineItemUrl: target.serviceUrl };
  const address = { platformId: target.platformId, serviceUrl: target.serviceUrl, sourcedId: target.sourcedId };
  // Basic Outcomes has no "submitted, awaiting a grade" (§6.1: a result is a score); only Canvas's extension can say so.
  if (row.scoreGiven === null && !target.isCanvas) {
    return { kind: "done", where, outcome: { status: "waiting", statusReason: "Waiting for a grade: LTI 1.1 passes back scores only.", lastHttpStatus: null } };
  }
  if (!row.force) {
    const last = await selectOptionalLastDelivery({ lineItemUrl: target.serviceUrl, lmsUserId: target.sourcedId });
    if (last && sameOutcome(last, row)) return { kind: "done", where, outcome: { status: "delivered", skippedUnchanged: true, lastHttpStatus: null } };
    // Only on the first attempt: a retry already knows the read did not find this score (or could not read).
    if (!last && row.scoreGiven !== null && row.attempts <= 1) {
      countCall();
      const held = await outcomes.readResult(address);
      // A failed read is no reason not to write: fall through to replaceResult.
      if (held.ok && held.value !== null && String(Number(held.value.toFixed(4))) === outcomeScore(row.scoreGiven, row.scoreMaximum)) {
        await remember(row, target);
        return { kind: "done", where, outcome: { status: "delivered", skippedUnchanged: true, lastHttpStatus: 200 } };
      }
    }
  }
  const launchUrl = new URL(`${env().APP_URL}${LTI11_LAUNCH_PATH}`);
  launchUrl.searchParams.set(SUBMISSION_LAUNCH_PARAM, target.submissionId);
  const canvas = target.isCanvas
    ? {
        // Canvas refuses a submittedAt more than a minute ahead of its clock; never send one from the future.
        submittedAt: target.submittedAt && target.submittedAt <= new Date() ? target.submittedAt : undefined,
        ltiLaunchUrl: target.acceptsLaunchUrl ? launchUrl.toString() : undefined,
      }
    : undefined;
  countCall();
  const score = row.scoreGiven === null ? null : outcomeScore(row.scoreGiven, row.scoreMaximum);
  const sent = await outcomes.replaceResult({ ...address, score, canvas });
  if (!sent.ok) return { kind: "failed", failure: sent.failure, where };
  await remember(row, target);
  return { kind: "done", where, outcome: { status: "delivered", skippedUnchanged: false, lastHttpStatus: 200 } };
}

function remember(row: OutboxRow, target: Target) {
  return ensureLastDelivery({
    lineItemUrl: target.serviceUrl,
    lmsUserId: target.sourcedId,
    scoreGiven: row.scoreGiven,
    scoreMaximum: row.scoreMaximum,
    changedAt: row.changedAt,
    outboxId: row.id,
  });
}
