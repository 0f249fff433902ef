import { systemAuthz } from "@/lib/auth/authz";
import { log } from "@/lib/log";
import { createPoller, type Poller } from "@/lib/poller";
import { selectDueOutboxIds } from "@/lib/models/grade-outbox";
import { deliverOutboxRow, type DeliveryResult } from "./deliver";
import { agsClient } from "./ags-client";
import type { AgsClient } from "./lms-client";

/** At most this many LMS calls in flight per platform (LMSs throttle per tool; Canvas per developer key). */
export const CONCURRENCY_PER_PLATFORM = 4;

export type DrainStats = {
  attempted: number;
  delivered: number;
  retried: number;
  waiting: number;
  failed: number;
  superseded: number;
  lmsCalls: number;
};

/**
 * One pass over the due outbox rows: delivers each with at most CONCURRENCY_PER_PLATFORM in flight per platform.
 * Safe to run from several processes at once (rows are claimed with a lease).
 */
export async function drainDueOutbox(
  client: AgsClient,
  { now = () => new Date(), limit = 200, random }: { now?: () => Date; limit?: number; random?: () => number } = {},
): Promise<DrainStats> {
  const due = await selectDueOutboxIds(systemAuthz(), { now: now(), limit });
  const stats: DrainStats = { attempted: 0, delivered: 0, retried: 0, waiting: 0, failed: 0, superseded: 0, lmsCalls: 0 };
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

const holder = globalThis as unknown as { __lanternPassback?: Poller };

/**
 * Without Inngest, this in-process loop delivers grades from the outbox. It starts with the server (so rows left
 * pending by a restart resume), polls for rows whose retry time has come, and is woken at once by new grades.
 */
export function wakePassbackRunner(client: AgsClient = agsClient()): void {
  holder.__lanternPassback ??= createPoller({
    name: "grade passback",
    idleMs: 2_000,
    work: async () => {
      const stats = await drainDueOutbox(client);
      if (stats.attempted) log.info("grade passback pass", { ...stats });
      return stats.attempted > 0;
    },
  });
  holder.__lanternPassback.wake();
}

/** Stops the in-process loop (tests, shutdown). */
export async function stopPassbackRunner(): Promise<void> {
  await holder.__lanternPassback?.stop();
  holder.__lanternPassback = undefined;
}
