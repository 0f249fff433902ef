"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/submit-button";
import { retryExportAction } from "@/app/courses/[courseId]/exports/actions";

/** "Retry" for a failed export. */
export function RetryButton({ jobId, label }: { jobId: string; label: string }) {
  const [state, formAction, pending] = useActionState(retryExportAction, undefined);
  return (
    <form action={formAction} className="inline-flex items-center gap-2">
      <input type="hidden" name="jobId" value={jobId} />
      <SubmitButton unavailable={pending} aria-label={`Retry ${label}`} className="rounded border border-slate-400 px-2 py-0.5 text-sm hover:bg-slate-50">
        Retry
      </SubmitButton>
      <span role="status" className="text-sm text-slate-700">
        {state?.message}
      </span>
    </form>
  );
}
