"use client";

import { SubmitButton } from "@/components/submit-button";
import { useActionState } from "react";
import { AssignmentChoices, type AssignmentChoice } from "@/components/assignment-choices";
import { copyFromCourseAction } from "../../actions";

/** Pick assignments of another course to copy into this one. */
export function CopyForm({ courseId, fromCourseId, assignments }: { courseId: string; fromCourseId: string; assignments: AssignmentChoice[] }) {
  const [state, formAction, pending] = useActionState(copyFromCourseAction, undefined);
  return (
    <form action={formAction} className="mt-4">
      <input type="hidden" name="courseId" value={courseId} />
      <input type="hidden" name="fromCourseId" value={fromCourseId} />
      <fieldset aria-describedby="copy-errors">
        <legend className="text-base font-semibold">Assignments to copy</legend>
        <AssignmentChoices assignments={assignments} type="checkbox" />
      </fieldset>
      <p id="copy-errors" role="status" className="mt-1 text-sm text-red-800">
        {state?.fieldErrors?.assignment?.[0] ?? state?.message}
      </p>
      <SubmitButton unavailable={pending} className="mt-3 rounded bg-lantern-700 px-4 py-2 text-sm font-medium text-white hover:bg-lantern-600 disabled:opacity-50">
        Copy as drafts
      </SubmitButton>
    </form>
  );
}
