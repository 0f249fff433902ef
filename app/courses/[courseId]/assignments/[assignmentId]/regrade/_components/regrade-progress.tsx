"use client";

import { useEffect, useState } from "react";

type Progress = { total: number; done: number; failed: number };

/** The regrade's progress, polled until every queued submission is graded again. */
export function RegradeProgress({ url }: { url: string }) {
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => {
    let stop = false;
    const poll = async () => {
      try {
        const response = await fetch(url, { credentials: "include" });
        if (response.ok) {
          const next = (await response.json()) as Progress;
          setProgress(next);
          if (next.done >= next.total) return;
        }
      } catch {
        // Offline for a moment: try again.
      }
      if (!stop) setTimeout(poll, 1000);
    };
    poll();
    return () => {
      stop = true;
    };
  }, [url]);
  if (!progress) return <p className="text-sm text-slate-700">Regrading…</p>;
  const finished = progress.done >= progress.total;
  return (
    <div className="mt-3 rounded border border-slate-200 p-3" role="status" aria-live="polite">
      <label htmlFor="regrade-progress" className="text-sm font-medium">
        {finished ? "Regrade finished" : "Regrading"}: {progress.done} of {progress.total}
        {progress.failed > 0 && `, ${progress.failed} failed`}
      </label>
      <progress id="regrade-progress" className="mt-1 block w-full" max={Math.max(progress.total, 1)} value={progress.done} />
      {finished && <p className="mt-1 text-sm text-slate-700">Changed grades are on their way to the LMS.</p>}
    </div>
  );
}
