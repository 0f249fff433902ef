import { cron, eventType } from "inngest";
import { z } from "zod";
import { systemAuthz } from "@/lib/auth/authz";
import { backgroundMode } from "@/lib/background";
import { log } from "@/lib/log";
import { selectStuckRosterSyncs, type RosterSync } from "@/lib/models/roster-syncs";
import { wakeRosterRunner } from "@/lib/roster/runner";
import { runRosterSync, scheduleDueRosterSyncs } from "@/lib/roster/sync";
import { inngest } from "./client";

/** A roster sync was queued (the `roster_syncs` row is the durable record; this only gets it run). */
export const rosterSyncQueued = eventType("lantern/roster.sync-queued", {
  schema: z.object({ syncId: z.uuid(), courseId: z.uuid() }),
});

/**
 * Runs one roster sync. Idempotent by sync: the row is claimed first, so a duplicate event does nothing (no Inngest
 * idempotency key: the schedule re-sends the event of a sync that got stuck, and that one must run). One sync at a
 * time per course. The NRPS pages are read inside one step: the sync applies each page as it comes
 * and a retry starts over, which is harmless (applying a page twice changes nothing).
 */
export const syncRoster = inngest.createFunction(
  {
    id: "sync-roster",
    retries: 2,
    concurrency: [{ key: "event.data.courseId", limit: 1 }],
    triggers: [rosterSyncQueued],
  },
  async ({ event, step }) => step.run("sync", () => runRosterSync({ syncId: event.data.syncId })),
);

/**
 * Every ten minutes: queues the scheduled syncs that are due (each context every SCHEDULED_SYNC_INTERVAL), and
 * re-sends events for syncs whose event was lost or whose run crashed, so none stays queued.
 */
export const scheduleRosterSyncs = inngest.createFunction(
  { id: "schedule-roster-syncs", triggers: [cron("*/10 * * * *")] },
  async ({ step }) => {
    const due = await step.run("queue-due-syncs", () => scheduleDueRosterSyncs());
    const stuck = await step.run("find-stuck-syncs", () => selectStuckRosterSyncs(systemAuthz()));
    const queued = [...due, ...stuck];
    if (queued.length > 0) {
      await step.sendEvent("run-syncs", queued.map((s) => rosterSyncQueued.create({ syncId: s.id, courseId: s.courseId })));
    }
    return { queued: queued.length };
  },
);

/** Gets queued syncs run: an Inngest event each when Inngest is configured, else the in-process runner. */
export function notifyRosterSyncsQueued(syncs: Pick<RosterSync, "id" | "courseId">[]): void {
  const mode = backgroundMode();
  if (mode === "manual" || syncs.length === 0) return;
  if (mode === "in-process") return wakeRosterRunner();
  inngest.send(syncs.map((s) => rosterSyncQueued.create({ syncId: s.id, courseId: s.courseId }))).catch((error: unknown) => {
    log.warn("could not send the roster sync event; syncing in process instead", { error });
    wakeRosterRunner();
  });
}
