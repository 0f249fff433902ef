"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/submit-button";
import { overrideAction, syncAction } from "../actions";

/** "Retry failed" and "Resend all" for one assignment. */
export function SyncButtons({ courseId, assignmentId, failing }: { courseId: string; assignmentId: string; failing: number }) {
  const [state, formAction, pending] = useActionState(syncAction, undefined);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="courseId" value={courseId} />
      <input type="hidden" name="assignmentId" value={assignmentId} />
      <SubmitButton
        name="intent"
        value="retry_failed"
        unavailable={pending || failing === 0}
        className="rounded bg-lantern-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-lantern-600"
      >
        Retry failed{failing ? ` (${failing})` : ""}
      </SubmitButton>
      <SubmitButton name="intent" value="resend_all" unavailable={pending} className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
        Resend all grades
      </SubmitButton>
      <p role="status" className="text-sm text-slate-700">
        {state?.message}
      </p>
    </form>
  );
}

/** Change one student's grade with a reason (recorded in the grade history, then sent to the LMS). */
export function OverrideForm({ courseId, assignmentId, submissionId, studentName, score }: {
  courseId: string;
  assignmentId: string;
  submissionId: string;
  studentName: string;
  score: number | null;
}) {
  const [state, formAction, pending] = useActionState(overrideAction, undefined);
  const id = `override-${submissionId}`;
  return (
    <details>
      <summary className="cursor-pointer text-sm text-lantern-700">Change grade</summary>
      <form action={formAction} className="mt-2 flex flex-col gap-2" aria-label={`Change grade for ${studentName}`}>
        <input type="hidden" name="courseId" value={courseId} />
        <input type="hidden" name="assignmentId" value={assignmentId} />
        <input type="hidden" name="submissionId" value={submissionId} />
        <label htmlFor={`${id}-score`} className="text-sm">
          New score
        </label>
        <input id={`${id}-score`} key={`s-${state?.values?.score}`} name="score" inputMode="decimal" defaultValue={state?.values?.score ?? score ?? ""} className="w-24 rounded border border-slate-400 px-2 py-1" aria-describedby={`${id}-errors`} aria-invalid={state?.fieldErrors?.score ? true : undefined} />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="extraCredit" defaultChecked={state?.values?.extraCredit === "on"} key={`x-${state?.values?.extraCredit}`} />
          Extra credit (allow more than the maximum)
        </label>
        <label htmlFor={`${id}-reason`} className="text-sm">
          Reason
        </label>
        <input id={`${id}-reason`} key={`r-${state?.values?.reason}`} name="reason" defaultValue={state?.values?.reason ?? ""} className="rounded border border-slate-400 px-2 py-1" aria-describedby={`${id}-errors`} aria-invalid={state?.fieldErrors?.reason ? true : undefined} />
        <div id={`${id}-errors`} role="status" className="text-sm text-red-800">
          {state?.fieldErrors?.score?.[0]} {state?.fieldErrors?.reason?.[0]} {!state?.ok && !state?.fieldErrors && state?.message}
          {state?.ok && <span className="text-green-800">{state.message}</span>}
        </div>
        <SubmitButton unavailable={pending} className="self-start rounded bg-lantern-700 px-3 py-1 text-sm font-medium text-white hover:bg-lantern-600">
          Save grade
        </SubmitButton>
      </form>
    </details>
  );
}
