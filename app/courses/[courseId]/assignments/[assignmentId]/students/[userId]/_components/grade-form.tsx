"use client";
import { useActionState } from "react";
import { TextField } from "@/components/form-controls";
import { PointsInput } from "@/components/points-input";
import { SubmitButton } from "@/components/submit-button";
import { gradeAction } from "../actions";

/** Override the counting grade (with a reason), or clear the override. */
export function GradeForm({ courseId, assignmentId, submissionId, score, overridden, points }: {
  courseId: string;
  assignmentId: string;
  submissionId: string;
  score: number | null;
  overridden: boolean;
  points: number;
}) {
  const [state, formAction, pending] = useActionState(gradeAction, undefined);
  const v = state?.values;
  return (
    <form action={formAction} aria-label="Change the grade" className="flex flex-col gap-2 rounded border border-slate-200 p-3 text-sm">
      <input type="hidden" name="courseId" value={courseId} />
      <input type="hidden" name="assignmentId" value={assignmentId} />
      <input type="hidden" name="submissionId" value={submissionId} />
      <div className="flex flex-wrap items-end gap-3">
        <PointsInput
          id="grade-score"
          name="score"
          label={`New score (0–${points})`}
          key={`s-${v?.score}`}
          defaultValue={v?.score ?? score ?? ""}
          error={state?.fieldErrors?.score?.[0]}
        />
        <label className="flex items-center gap-2 pb-1">
          <input type="checkbox" name="extraCredit" key={`x-${v?.extraCredit}`} defaultChecked={v?.extraCredit === "on"} /> Extra credit (allow more than {points})
        </label>
      </div>
      <TextField
        id="grade-reason"
        name="reason"
        label="Reason (kept in the grade history)"
        key={`r-${v?.reason}`}
        defaultValue={v?.reason ?? ""}
        error={state?.fieldErrors?.reason?.[0]}
      />
      {/* Announces the outcome (WCAG 4.1.3); each field's own message stands under it. */}
      <div role="status" className={state?.ok ? "text-green-800" : "text-red-800"}>
        {state?.fieldErrors ? "Not saved: check the fields marked above." : state?.message}
      </div>
      <div className="flex gap-2">
        <SubmitButton name="intent" value="override" unavailable={pending} className="rounded bg-lantern-700 px-3 py-1 font-medium text-white hover:bg-lantern-600">Save grade</SubmitButton>
        {overridden && (
          <SubmitButton name="intent" value="clear" unavailable={pending} className="rounded border border-slate-400 px-3 py-1 font-medium hover:bg-slate-50">Clear override</SubmitButton>
        )}
      </div>
    </form>
  );
}
