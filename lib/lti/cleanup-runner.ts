import { createPoller, type Poller } from "@/lib/poller";
import { log } from "@/lib/log";
import { cleanupLtiState } from "./cleanup";

const HOUR_MS = 60 * 60 * 1000;
const holder = globalThis as unknown as { __lanternLtiCleanup?: Poller };

/** Without Inngest, the hourly LTI cleanup (inngest/lti.ts) runs in this process: once at start, then every hour. */
export function startLtiCleanupRunner(): void {
  holder.__lanternLtiCleanup ??= createPoller({
    name: "lti cleanup",
    idleMs: HOUR_MS,
    work: async () => {
      const removed = await cleanupLtiState();
      log.info("lti cleanup", removed);
      return false;
    },
  });
}

/** Stops the loop (tests, shutdown). */
export async function stopLtiCleanupRunner(): Promise<void> {
  await holder.__lanternLtiCleanup?.stop();
  holder.__lanternLtiCleanup = undefined;
}
