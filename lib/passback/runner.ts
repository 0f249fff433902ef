import { systemAuthz } from "@/lib/auth/authz";
import { log } from "@/lib/log";
import { selectDueOutboxIds } from "@/lib/models/grade-outbox";
import { deliverOutboxRow, type DeliveryResult } from "./deliver";
import type { AgsClient } from "./lms-client";

/** At most this many LMS calls in flight per platform (LMSs throttle per tool; Canvas per developer key). */
export const CONCURRENCY_PER_PLATFORM = 4;

export type DrainStats = { attempted: number; delivered: number; retried: number; waiting: number; failed: number; lmsCalls: number };

/**
 * One pass over the due outbox rows: delivers each with at most CONCURRENCY_PER_PLATFORM in flight per platform.
 * Safe to run from several processes at once (rows are claimed with a lease).
 */
export async function drainDueOutbox(
  client: AgsClient,
  { now = () => new Date(), limit = 200, random }: { now?: () => Date; limit?: number; random?: () => number } = {},
): Promise<DrainStats> {
  const due = await selectDueOutboxIds(systemAuthz(), { now: now(), limit });
  const stats: DrainStats = { attempted: 0, delivered: 0, retried: 0, waiting: 0, failed: 0, lmsCalls: 0 };
  const lanes = new Map<string, string[]>();
  for (const row of due) {
    const key = row.platformId ?? "unresolved";
    lanes.set(key, [...(lanes.get(key) ?? []), row.id]);
  }
  const count = (result: DeliveryResult) => {
    if (result.kind === "not_claimed") return;
    stats.attempted++;
    stats.lmsCalls += result.lmsCalls;
    if (result.kind === "delivered") stats.delivered++;
    else if (result.kind === "retry") stats.retried++;
    else stats[result.kind]++;
  };
  await Promise.all(
    [...lanes.values()].flatMap((ids) =>
      Array.from({ length: Math.min(CONCURRENCY_PER_PLATFORM, ids.length) }, async () => {
        for (let id = ids.shift(); id; id = ids.shift()) count(await deliverOutboxRow(id, client, { now: now(), random }));
      }),
    ),
  );
  return stats;
}

/**
 * Without Inngest, this in-process loop delivers grades from the outbox: it polls for due rows, so pending rows
 * left by a restart are picked up again. Returns a stop function.
 */
export function startInProcessPassback(client: AgsClient, { intervalMs = 1_000 } = {}): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const stats = await drainDueOutbox(client);
      if (stats.attempted) log.info("grade passback pass", stats);
    } catch (error) {
      log.error("grade passback pass failed", { error });
    }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  timer = setTimeout(tick, intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
