import { formatDate } from "@/lib/format";
import type { SyncState } from "@/lib/models/grade-sync";

/** One student's grade-sync state in plain words a teacher understands. */
export function SyncStateText({ state, hasGrade }: { state: SyncState; hasGrade: boolean }) {
  switch (state.kind) {
    case "none":
      return <span className="text-slate-600">{hasGrade ? "Not sent to the LMS" : "No grade yet"}</span>;
    case "delivered":
      return (
        <span className="text-green-800">
          In the LMS gradebook: {state.value ?? "submitted"}
          {state.value !== null && ` / ${state.max}`} · {formatDate(state.at)}
          {state.skippedUnchanged && " (already there)"}
        </span>
      );
    case "pending":
      return (
        <span className="text-amber-800">
          Sending… {state.attempts > 0 && `next try ${formatDate(state.nextAttemptAt)} (attempt ${state.attempts + 1})`}
          {state.reason && <span className="block text-xs text-slate-600">{state.reason}</span>}
        </span>
      );
    case "waiting":
      return <span className="text-slate-700">Not sent: {state.reason}</span>;
    case "failed":
      return (
        <span className="text-red-800">
          Failed after {state.attempts} attempt{state.attempts === 1 ? "" : "s"}: {state.reason}
        </span>
      );
  }
}
