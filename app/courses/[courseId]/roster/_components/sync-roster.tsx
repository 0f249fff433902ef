"use client";

import { SubmitButton } from "@/components/submit-button";
import { useRouter } from "next/navigation";
import { useActionState, useState } from "react";
import { usePoll } from "@/components/use-poll";
import type { RosterSyncStats } from "@/lib/models/roster-syncs";
import { syncRosterAction } from "../actions";

type Progress = { status: "queued" | "running" | "done" | "failed"; stats: RosterSyncStats; error: string | null };

/**
 * The "Sync roster now" button, and the progress of syncs in flight (polled until they end, then the page reloads).
 * One status region announces the start and the end (WCAG 4.1.3); the running count is shown, not read out every
 * second, and the end stays announced after the reload removes the progress line.
 */
export function SyncRoster({ courseId, activeSyncIds, canSync }: { courseId: string; activeSyncIds: string[]; canSync: boolean }) {
  const [state, formAction, pending] = useActionState(syncRosterAction, undefined);
  const [ended, setEnded] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-2">
      <form action={formAction} className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="courseId" value={courseId} />
        <SubmitButton unavailable={pending || !canSync} className="rounded bg-lantern-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-lantern-600 disabled:opacity-50">
          {pending ? "Starting…" : "Sync roster now"}
        </SubmitButton>
        <p role="status" className={`text-sm ${ended?.includes("failed") || (state?.message && !state.ok) ? "text-red-800" : "text-slate-700"}`}>
          {pending ? "" : (ended ?? state?.message)}
        </p>
      </form>
      {activeSyncIds.map((id) => (
        <SyncProgress key={id} url={`/api/courses/${courseId}/roster-syncs/${id}`} onEnd={setEnded} />
      ))}
    </div>
  );
}

function SyncProgress({ url, onEnd }: { url: string; onEnd: (message: string) => void }) {
  const router = useRouter();
  const progress = usePoll<Progress>(
    url,
    (p) => p.status === "done" || p.status === "failed",
    (p) => {
      onEnd(endText(p));
      router.refresh();
    },
  );
  const s = progress?.stats;
  return (
    <p className="rounded border border-slate-200 px-3 py-2 text-sm text-slate-800">
      {!progress || progress.status === "queued"
        ? "Roster sync queued…"
        : progress.status === "running"
          ? `Reading the roster: ${s!.pages} page${s!.pages === 1 ? "" : "s"}, ${s!.members} members so far…`
          : endText(progress)}
    </p>
  );
}

function endText({ status, stats: s, error }: Progress): string {
  return status === "done"
    ? `Roster sync finished: ${s.members} members, ${s.added} added, ${s.updated} updated, ${s.dropped} dropped.`
    : `Roster sync failed: ${error}`;
}
