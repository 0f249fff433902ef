"use client";

import { SubmitButton } from "@/components/submit-button";
import { useActionState } from "react";
import { FormOutcome, secondaryButton, TextField } from "@/components/form-controls";
import { addDeploymentAction } from "../actions";

/** Adds one deployment id to a platform. */
export function AddDeploymentForm({ platformId }: { platformId: string }) {
  const [state, formAction, pending] = useActionState(addDeploymentAction, undefined);
  return (
    <form action={formAction} className="mt-3 flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="platformId" value={platformId} />
      <TextField
        id="deployment-id"
        name="deploymentId"
        label="New deployment id"
        required
        defaultValue={state && !state.ok ? state.values?.deploymentId : ""}
        error={state?.fieldErrors?.deploymentId?.[0]}
      />
      <SubmitButton className={secondaryButton} unavailable={pending}>
        Add deployment
      </SubmitButton>
      <FormOutcome state={state} className="w-full" />
    </form>
  );
}
