"use client";

import { SubmitButton } from "@/components/submit-button";
import { useActionState, useRef } from "react";
import { primaryButton, secondaryButton } from "@/components/form-controls";
import { GrantFields } from "../../../../extensions/_components/grant-fields";
import { bulkSubmissionsAction } from "../actions";

/**
 * The submissions table inside one form: tick rows (or "Select all shown"), then extend, regrade or resend them.
 * Without JavaScript the boxes still post; the buttons name their `intent`.
 */
export function BulkForm({ courseId, assignmentId, timeZone, canExtend, children }: { courseId: string; assignmentId: string; timeZone: string; canExtend: boolean; children: React.ReactNode }) {
  const [state, formAction, pending] = useActionState(bulkSubmissionsAction, undefined);
  const form = useRef<HTMLFormElement>(null);
  const err = (k: string) => state?.fieldErrors?.[k]?.[0];
  const selectAll = (checked: boolean) => {
    for (const box of form.current?.querySelectorAll<HTMLInputElement>("input[name=userIds]") ?? []) box.checked = checked;
  };
  return (
    <form ref={form} action={formAction} aria-label="Submissions and bulk actions">
      <input type="hidden" name="courseId" value={courseId} />
      <input type="hidden" name="assignmentId" value={assignmentId} />
      <div className="mb-2 flex flex-wrap gap-2">
        <button type="button" className={secondaryButton} onClick={() => selectAll(true)}>Select all shown</button>
        <button type="button" className={secondaryButton} onClick={() => selectAll(false)}>Clear selection</button>
      </div>
      {children}
      <fieldset className="mt-4 rounded border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold">With the selected students</legend>
        <div className="flex flex-wrap items-center gap-2">
          <SubmitButton name="intent" value="regrade" unavailable={pending} className={secondaryButton}>Regrade</SubmitButton>
          <SubmitButton name="intent" value="resend" unavailable={pending} className={secondaryButton}>Resend grades to the LMS</SubmitButton>
        </div>
        {canExtend && (
          <details className="mt-3" open={Boolean(state?.fieldErrors && Object.keys(state.fieldErrors).length)}>
            <summary className="cursor-pointer text-sm font-medium text-lantern-700 underline">Extend</summary>
            <div className="mt-2 space-y-3">
              <GrantFields prefix="bulk" timeZone={timeZone} values={state?.values} errors={err} datesAllowed />
              <SubmitButton name="intent" value="extend" unavailable={pending} className={primaryButton}>Grant extension</SubmitButton>
            </div>
          </details>
        )}
        <p role="status" className={`mt-2 text-sm ${state?.ok ? "text-green-800" : "text-red-800"}`}>{state?.message}</p>
      </fieldset>
    </form>
  );
}
