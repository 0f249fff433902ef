import { createPoller, type Poller } from "@/lib/poller";
import { runRosterSync, scheduleDueRosterSyncs } from "./sync";

const holder = globalThis as unknown as { __lanternRosterRunner?: Poller };

/** The schedule is checked at least this often (a course is synced every SCHEDULED_SYNC_INTERVAL). */
const IDLE_MS = 10 * 60_000;

/**
 * Without Inngest, roster syncs run in this process from their durable rows: queued by staff (the runner is woken)
 * or by the schedule, which this loop checks every ten minutes. One sync at a time per process.
 */
export function wakeRosterRunner(): void {
  holder.__lanternRosterRunner ??= createPoller({
    name: "roster sync",
    idleMs: IDLE_MS,
    work: async () => {
      await scheduleDueRosterSyncs();
      return (await runRosterSync()).outcome !== "not_claimed";
    },
  });
  holder.__lanternRosterRunner.wake();
}

/** Stops the loop (tests, shutdown). */
export async function stopRosterRunner(): Promise<void> {
  await holder.__lanternRosterRunner?.stop();
  holder.__lanternRosterRunner = undefined;
}
