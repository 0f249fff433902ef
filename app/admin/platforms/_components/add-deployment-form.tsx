"use client";

import { useActionState } from "react";
import { secondaryButton, TextField } from "@/components/form-controls";
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
      <button type="submit" className={secondaryButton} disabled={pending}>
        Add deployment
      </button>
      <p role={state?.ok ? "status" : "alert"} className={`w-full text-sm ${state?.ok ? "text-slate-700" : "text-red-800"}`}>
        {state?.fieldErrors?.deploymentId ? "" : state?.message}
      </p>
    </form>
  );
}
