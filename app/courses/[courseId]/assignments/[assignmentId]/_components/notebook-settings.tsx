"use client";

import { useActionState } from "react";
import { FormOutcome, primaryButton, TextField } from "@/components/form-controls";
import { SubmitButton } from "@/components/submit-button";
import { DueAtField } from "../../new-notebook/_components/notebook-form";
import { updateNotebookSettingsAction } from "../actions";

/** A notebook assignment's Lantern settings (title, points, due date); its nbgrader name is fixed once made. */
export function NotebookSettings({
  courseId,
  assignmentId,
  timeZone,
  initial,
}: {
  courseId: string;
  assignmentId: string;
  timeZone: string;
  initial: { title: string; points: string; dueAt: string };
}) {
  const [state, formAction, pending] = useActionState(updateNotebookSettingsAction, undefined);
  const errors = state?.fieldErrors ?? {};
  const value = (key: keyof typeof initial) => (state?.ok ? initial[key] : (state?.values?.[key] ?? initial[key]));
  return (
    <form action={formAction} className="mt-2 max-w-xl space-y-4" noValidate>
      <input type="hidden" name="courseId" value={courseId} />
      <input type="hidden" name="assignmentId" value={assignmentId} />
      <TextField id="notebook-title" name="title" label="Title" required maxLength={200} defaultValue={value("title")} error={errors.title?.[0]} />
      <TextField id="notebook-points" name="points" label="Points in the LMS gradebook" inputMode="decimal" required defaultValue={value("points")} error={errors.points?.[0]} />
      <DueAtField timeZone={timeZone} defaultValue={value("dueAt")} error={errors.dueAt?.[0]} />
      <SubmitButton className={primaryButton} unavailable={pending}>
        Save settings
      </SubmitButton>
      <FormOutcome state={state} />
    </form>
  );
}
