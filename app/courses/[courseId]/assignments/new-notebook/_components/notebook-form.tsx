"use client";

import { useActionState } from "react";
import { FormOutcome, primaryButton, TextField } from "@/components/form-controls";
import { SubmitButton } from "@/components/submit-button";
import { createNotebookAssignmentAction } from "../actions";

/** The due date field of a notebook assignment's forms (a wall-clock time in the course's time zone). */
export function DueAtField({ timeZone, defaultValue, error }: { timeZone: string; defaultValue?: string; error?: string }) {
  return (
    <TextField
      id="notebook-due"
      name="dueAt"
      type="datetime-local"
      label="Due date (optional)"
      hint={`In the course's time zone, ${timeZone}. Students see it; a submission whose nbgrader timestamp is after it is marked late, as nbgrader marks it.`}
      defaultValue={defaultValue}
      error={error}
    />
  );
}

/** Title, nbgrader name, points and due date of a new notebook assignment; errors under their fields. */
export function NotebookForm({ courseId, timeZone }: { courseId: string; timeZone: string }) {
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
      <DueAtField timeZone={timeZone} defaultValue={state?.values?.dueAt} error={errors.dueAt?.[0]} />
      <SubmitButton className={primaryButton} unavailable={pending}>
        Create notebook assignment
      </SubmitButton>
      <FormOutcome state={state} />
    </form>
  );
}
