"use client";

import { usePoll } from "./use-poll";

/** What the progress endpoints (regrade, resend all) answer: how many items, how many reached a final state. */
export type Progress = { total: number; done: number; failed: number };

const failedPart = (p: Progress) => (p.failed > 0 ? `, ${p.failed} failed` : "");

/**
 * A background batch's progress bar (regrade, resend all). Announced at the start and the end only, not on every
 * poll (WCAG 4.1.3 without chatter); the visible label and bar follow each poll.
 */
export function JobProgress({
  url,
  id,
  loading,
  running,
  finished,
  started,
  finishedNote,
}: {
  url: string;
  /** The progress element's id (one per page). */
  id: string;
  /** Shown before the first answer, e.g. "Regrading…". */
  loading: string;
  /** The label's verb while running and once finished, e.g. "Regrading" / "Regrade finished". */
  running: string;
  finished: string;
  /** The announcement while running, e.g. (3) → "Regrading 3 submissions." */
  started: (total: number) => string;
  finishedNote: string;
}) {
  const progress = usePoll<Progress>(url, (p) => p.done >= p.total);
  if (!progress) return <p role="status" className="text-sm text-slate-700">{loading}</p>;
  const done = progress.done >= progress.total;
  const count = `${progress.done} of ${progress.total}${failedPart(progress)}`;
  return (
    <div className="mt-3 rounded border border-slate-200 p-3">
      <p role="status" className="sr-only">
        {done ? `${finished}: ${count}.` : started(progress.total)}
      </p>
      <label htmlFor={id} className="text-sm font-medium">
        {done ? finished : running}: {count}
      </label>
      <progress id={id} className="mt-1 block w-full" max={Math.max(progress.total, 1)} value={progress.done} />
      {done && <p className="mt-1 text-sm text-slate-700">{finishedNote}</p>}
    </div>
  );
}
