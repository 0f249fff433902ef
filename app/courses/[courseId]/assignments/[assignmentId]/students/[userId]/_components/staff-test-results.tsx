import type { GradingRun } from "@/lib/models/grades";

const STATUS = { passed: "Passed", failed: "Failed", error: "Error", timeout: "Timed out" } as const;

/** A grading run's per-test results as staff see them: hidden tests included, with their output. */
export function StaffTestResults({ run, version }: { run: GradingRun; version: number | null }) {
  return (
    <div className="mt-2 text-sm">
      <p>
        {run.score} / {run.maxScore}
        {run.latePenaltyPercent > 0 && ` (raw ${run.rawScore}, late penalty ${run.latePenaltyPercent}%)`}
        {version !== null && ` · version ${version}`}
        {run.failure && <span className="ml-2 text-red-800">{run.failure}</span>}
      </p>
      <table className="mt-2 w-full border-collapse">
        <caption className="sr-only">Test results</caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="py-1 pr-3">Test</th>
            <th scope="col" className="py-1 pr-3">Visibility</th>
            <th scope="col" className="py-1 pr-3">Result</th>
            <th scope="col" className="py-1 pr-3">Points</th>
            <th scope="col" className="py-1">Details</th>
          </tr>
        </thead>
        <tbody>
          {run.results.map((r, i) => (
            <tr key={`${r.name}-${i}`} className="border-b border-slate-200 align-top">
              <th scope="row" className="py-1 pr-3 text-left font-mono font-normal">{r.name}</th>
              <td className="py-1 pr-3">{r.visibility === "hidden" ? "Hidden" : "Visible"}</td>
              <td className={`py-1 pr-3 font-medium ${r.status === "passed" ? "text-green-800" : "text-red-800"}`}>{STATUS[r.status]}</td>
              <td className="py-1 pr-3">{r.earned} / {r.points}</td>
              <td className="py-1">
                {r.message}
                {r.detail && r.status !== "passed" && <pre tabIndex={0} aria-label={`Output of ${r.name}`} className="mt-1 max-h-32 relative overflow-auto whitespace-pre-wrap rounded bg-slate-100 p-1 text-xs">{r.detail}</pre>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
