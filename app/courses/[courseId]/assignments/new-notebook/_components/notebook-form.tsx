"use client";

import { useActionState } from "react";
import { FormOutcome, primaryButton, TextField } from "@/components/form-controls";
import { SubmitButton } from "@/components/submit-button";
import { createNotebookAssignmentAction } from "../actions";

/** Title, nbgrader name and points of a new notebook assignment; errors under their fields. */
export function NotebookForm({ courseId }: { courseId: string }) {
  const [state, formAction, pending] = useActionState(createNotebookAssignmentAction, undefined);
  const errors = state?.fieldErrors ?? {};
  return (
    <form action={formAction} className="mt-4 space-y-4" noValidate>
      <input type="hidden" name="courseId" value={courseId} />
      <TextField id="notebook-title" name="title" label="Title" required maxLength={200} defaultValue={state?.values?.title} error={errors.title?.[0]} />
      <TextField
        id="notebook-slug"
        name="slug"
        label="nbgrader assignment name"
        hint="The assignment's folder name in your nbgrader course, exactly as nbgrader shows it (e.g. ps1 or Problem Set 1; anything but “+” and “/”). Releasing it under this name attaches the release here."
        required
        maxLength={128}
        defaultValue={state?.values?.slug}
        error={errors.slug?.[0]}
      />
      <TextField
        id="notebook-points"
        name="points"
        label="Points in the LMS gradebook"
        hint="nbgrader's scores are scaled to these points (score ÷ max_score × points)."
        inputMode="decimal"
        required
        defaultValue={state?.values?.points ?? "10"}
        error={errors.points?.[0]}
      />
      <SubmitButton className={primaryButton} unavailable={pending}>
        Create notebook assignment
      </SubmitButton>
      <FormOutcome state={state} />
    </form>
  );
}
