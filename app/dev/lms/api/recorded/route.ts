import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { requireDevLms } from "@/lib/dev-lms/platform";
import { selectDevLmsCalls, selectDevLmsScores } from "@/lib/models/dev-lms-ags";

export const dynamic = "force-dynamic";

const query = z.object({
  contextId: z.string().max(200).optional(),
  clientId: z.string().max(200).optional(),
  /** Only calls with a larger `seq` (poll with the last seq you saw). */
  afterSeq: z.coerce.number().int().min(0).max(2 ** 31 - 1).optional(),
});

/**
 * What the tool sent (dev only): every service call in order (`calls`, including refused and fault-injected ones),
 * every score posted with whether it was applied (`scores`), and the current result per line item and user (`results`).
 */
export const GET = handler({ access: { public: true }, query }, async ({ query }) => {
  requireDevLms();
  const calls = await selectDevLmsCalls(query);
  const scores = await selectDevLmsScores({ contextId: query.contextId });
  const latest = new Map<string, (typeof scores)[number]>();
  for (const s of scores) {
    if (!s.score.applied) continue;
    const key = `${s.lineItem.id}|${s.score.userId}`;
    const current = latest.get(key);
    if (!current || s.score.timestamp >= current.score.timestamp) latest.set(key, s);
  }
  return {
    calls,
    scores: scores.map((s) => ({ ...s.score, lineItemLabel: s.lineItem.label, contextId: s.lineItem.contextId, clientId: s.lineItem.clientId })),
    results: [...latest.values()].map((s) => ({
      lineItemId: s.lineItem.id,
      lineItemLabel: s.lineItem.label,
      contextId: s.lineItem.contextId,
      userId: s.score.userId,
      scoreGiven: s.score.scoreGiven,
      scoreMaximum: s.score.scoreMaximum,
      activityProgress: s.score.activityProgress,
      gradingProgress: s.score.gradingProgress,
      timestamp: s.score.timestampText,
    })),
  };
});
