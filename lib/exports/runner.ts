import { systemAuthz } from "@/lib/auth/authz";
import { log } from "@/lib/log";
import { clearExportResults, selectExpiredExportJobs } from "@/lib/models/export-jobs";
import { createPoller, type Poller } from "@/lib/poller";
import { storage } from "@/lib/storage";
import { runExportJobIsolated } from "./worker-process";

const holder = globalThis as unknown as { __lanternExports?: Poller; __lanternExportsCleanedAt?: number };

/** Deletes the stored files of expired exports (their rows stay, marked expired). Returns how many. */
export async function deleteExpiredExports({ now = new Date() }: { now?: Date } = {}): Promise<number> {
  const expired = await selectExpiredExportJobs(systemAuthz(), { now });
  for (const job of expired) if (job.resultKey) await storage().delete(job.resultKey);
  await clearExportResults(systemAuthz(), { jobIds: expired.map((j) => j.id) });
  return expired.length;
}

/**
 * Without Inngest, exports are built by this in-process loop from their durable rows: one at a time per process
 * (an export is heavy; the app must stay responsive), woken at once by a new request, polling for jobs left by a
 * restart, and deleting expired results about once an hour.
 */
export function wakeExportRunner(): void {
  holder.__lanternExports ??= createPoller({
    name: "export runner",
    idleMs: 10_000,
    work: async () => {
      if (Date.now() - (holder.__lanternExportsCleanedAt ?? 0) > 3600_000) {
        holder.__lanternExportsCleanedAt = Date.now();
        const deleted = await deleteExpiredExports();
        if (deleted) log.info("deleted expired exports", { count: deleted });
      }
      return (await runExportJobIsolated()).outcome !== "not_claimed";
    },
  });
  holder.__lanternExports.wake();
}

/** Stops the in-process loop (tests, shutdown). */
export async function stopExportRunner(): Promise<void> {
  await holder.__lanternExports?.stop();
  holder.__lanternExports = undefined;
}
