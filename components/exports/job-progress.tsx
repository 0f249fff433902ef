"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

type Status = { status: string; progress: number; message: string | null };

/** A live progress bar for a queued or running export; refreshes the page when the job finishes. */
export function JobProgress({ jobId, initial, label }: { jobId: string; initial: Status; label: string }) {
  const [state, setState] = useState(initial);
  const router = useRouter();
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const response = await fetch(`/api/exports/${jobId}`, { credentials: "include" });
        if (response.ok) {
          const next = (await response.json()) as Status;
          if (stop) return;
          setState(next);
          if (next.status !== "queued" && next.status !== "running") return router.refresh();
        }
      } catch {
        // Offline for a moment: try again.
      }
      if (!stop) timer = setTimeout(poll, 1000);
    };
    timer = setTimeout(poll, 500);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [jobId, router]);
  const id = `progress-${jobId}`;
  return (
    <div>
      <label htmlFor={id} className="text-sm text-slate-700">
        {label}: {state.message ?? state.status} ({state.progress}%)
      </label>
      <progress id={id} className="block w-48" max={100} value={state.progress} />
    </div>
  );
}
