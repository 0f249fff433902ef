import type { StudentTestResult } from "@/lib/submissions/shapes";

const STATUS_TEXT: Record<StudentTestResult["status"], string> = {
  passed: "Passed",
  failed: "Failed",
  error: "Error",
  timeout: "Timed out",
};

/** A list of test results (from Check in the browser or from the server's grade). */
export function TestResults({ results, label }: { results: (StudentTestResult | { name: string; status: "running" })[]; label: string }) {
  return (
    <ul aria-label={label} className="mt-2 space-y-2 [overflow-wrap:anywhere]">
      {results.map((r) => (
        <li key={r.name} className="rounded border border-slate-200 p-2 text-sm">
          <p>
            <span
              className={
                r.status === "passed" ? "font-semibold text-green-800" : r.status === "running" ? "text-slate-600" : "font-semibold text-red-800"
              }
            >
              {r.status === "running" ? "Running…" : STATUS_TEXT[r.status]}
            </span>{" "}
            <span className="font-mono">{r.name}</span>
            {"points" in r && r.points > 0 && (
              <span className="text-slate-600">
                {" "}
                · {r.earned}/{r.points} points
              </span>
            )}
          </p>
          {"message" in r && r.message && <p className="mt-1 text-slate-800">{r.message}</p>}
          {"detail" in r && r.detail && r.status !== "passed" && (
            <pre tabIndex={0} aria-label={`Details for ${r.name}`} className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap [overflow-wrap:anywhere] rounded bg-slate-100 p-2 text-xs">{r.detail}</pre>
          )}
        </li>
      ))}
    </ul>
  );
}
