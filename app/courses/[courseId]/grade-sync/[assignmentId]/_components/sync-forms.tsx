"use client";

import { useActionState, useEffect, useRef } from "react";
import { TextField } from "@/components/form-controls";
import { PointsInput } from "@/components/points-input";
import { SubmitButton } from "@/components/submit-button";
import { overrideAction, syncAction } from "../actions";

/**
 * "Retry failed" and "Resend all" for one assignment. Resending all replaces every student's grade in the LMS
 * gradebook, changes made there by hand included, so it asks first — in a modal <dialog>, which holds focus, closes
 * on Esc and gives focus back to the button that opened it.
 */
export function SyncButtons({ courseId, assignmentId, assignmentTitle, failing, grades }: {
  courseId: string;
  assignmentId: string;
  assignmentTitle: string;
  failing: number;
  /** Students with a grade to send. */
  grades: number;
}) {
  const [state, formAction, pending] = useActionState(syncAction, undefined);
  const confirm = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (pending) confirm.current?.close();
  }, [pending]);
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
      <button
        type="button"
        aria-haspopup="dialog"
        aria-disabled={pending || undefined}
        onClick={() => {
          if (pending) return;
          confirm.current?.showModal();
          // Focus starts on the choice that changes nothing.
          cancel.current?.focus();
        }}
        className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 aria-disabled:cursor-not-allowed aria-disabled:opacity-50"
      >
        Resend all grades
      </button>
      <dialog
        ref={confirm}
        aria-labelledby="resend-title"
        aria-describedby="resend-text"
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-300 p-4 shadow-lg backdrop:bg-slate-900/40"
      >
        <h2 id="resend-title" className="text-base font-semibold">
          Resend all grades?
        </h2>
        <p id="resend-text" className="mt-2 text-sm text-slate-800">
          {grades === 0
            ? `No student has a grade for ${assignmentTitle} yet, so nothing would be sent.`
            : `Lantern sends the current grade of all ${grades} student${grades === 1 ? "" : "s"} with a grade for ${assignmentTitle} to the LMS again. ` +
              "It replaces what the LMS gradebook shows for them, including grades changed there by hand."}
        </p>
        <div className="mt-4 flex flex-wrap gap-2">
          <SubmitButton name="intent" value="resend_all" unavailable={pending} className="rounded bg-lantern-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-lantern-600">
            Resend all
          </SubmitButton>
          <button type="button" ref={cancel} onClick={() => confirm.current?.close()} className="rounded border border-slate-400 px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
            Cancel
          </button>
        </div>
      </dialog>
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
        <PointsInput
          id={`${id}-score`}
          name="score"
          label="New score"
          key={`s-${state?.values?.score}`}
          defaultValue={state?.values?.score ?? score ?? ""}
          error={state?.fieldErrors?.score?.[0]}
        />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="extraCredit" defaultChecked={state?.values?.extraCredit === "on"} key={`x-${state?.values?.extraCredit}`} />
          Extra credit (allow more than the maximum)
        </label>
        <TextField
          id={`${id}-reason`}
          name="reason"
          label="Reason"
          key={`r-${state?.values?.reason}`}
          defaultValue={state?.values?.reason ?? ""}
          error={state?.fieldErrors?.reason?.[0]}
        />
        {/* Announces the outcome (WCAG 4.1.3); each field's own message stands under it. */}
        <div role="status" className="text-sm text-red-800">
          {state?.fieldErrors && "Not saved: check the fields marked above."} {!state?.ok && !state?.fieldErrors && state?.message}
          {state?.ok && <span className="text-green-800">{state.message}</span>}
        </div>
        <SubmitButton unavailable={pending} className="self-start rounded bg-lantern-700 px-3 py-1 text-sm font-medium text-white hover:bg-lantern-600">
          Save grade
        </SubmitButton>
      </form>
    </details>
  );
}
