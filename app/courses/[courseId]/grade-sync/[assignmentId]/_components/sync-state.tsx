import { LocalTime } from "@/components/local-time";
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
          {state.value !== null && ` / ${state.max}`} · <LocalTime iso={state.at.toISOString()} />
          {state.skippedUnchanged && " (already there)"}
        </span>
      );
    case "pending": {
      // `attempts` counts attempts started, so while one is under way it is that attempt's number; otherwise every
      // started attempt failed and the next one is attempts + 1. "attempt 2" only ever follows a failure.
      const failed = state.sending ? state.attempts - 1 : state.attempts;
      return (
        <span className="text-amber-800">
          Sending…
          {failed > 0 &&
            (state.sending ? (
              ` (attempt ${state.attempts})`
            ) : (
              <>
                {" "}next try <LocalTime iso={state.nextAttemptAt.toISOString()} /> (attempt {failed + 1})
              </>
            ))}
          {state.reason && <span className="block text-xs text-slate-600">{state.reason}</span>}
        </span>
      );
    }
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
