"use client";

import { useEffect, useState } from "react";

type Progress = { total: number; done: number; failed: number };

/** Progress of a "resend all" batch, polled until every grade reached a final state. */
export function BatchProgress({ url }: { url: string }) {
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
  if (!progress) return <p role="status" className="text-sm text-slate-700">Resending grades…</p>;
  const finished = progress.done >= progress.total;
  return (
    <div className="rounded border border-slate-200 p-3">
      {/* Announced at the start and the end only, not on every poll (WCAG 4.1.3 without chatter). */}
      <p role="status" className="sr-only">
        {finished
          ? `Resend finished: ${progress.done} of ${progress.total}${progress.failed > 0 ? `, ${progress.failed} failed` : ""}.`
          : `Resending ${progress.total} grades.`}
      </p>
      <label htmlFor="resend-progress" className="text-sm font-medium">
        {finished ? "Resend finished" : "Resending grades"}: {progress.done} of {progress.total}
        {progress.failed > 0 && `, ${progress.failed} failed`}
      </label>
      <progress id="resend-progress" className="mt-1 block w-full" max={Math.max(progress.total, 1)} value={progress.done} />
      {finished && <p className="mt-1 text-sm text-slate-700">Reload the page to see each student&apos;s state.</p>}
    </div>
  );
}
