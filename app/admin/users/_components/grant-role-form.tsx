"use client";

import { SubmitButton } from "@/components/submit-button";
import { useActionState } from "react";
import { FormOutcome, inputClass, secondaryButton, TextField } from "@/components/form-controls";
import { grantRoleAction } from "../actions";

/** Makes an address an admin or researcher (the account is created when nobody signs in with it yet). */
export function GrantRoleForm() {
  const [state, formAction, pending] = useActionState(grantRoleAction, undefined);
  return (
    <form action={formAction} className="mt-2 flex flex-wrap items-end gap-3" noValidate>
      <TextField
        id="grant-email"
        name="email"
        type="email"
        label="Email address"
        required
        autoComplete="off"
        defaultValue={state && !state.ok ? state.values?.email : ""}
        error={state?.fieldErrors?.email?.[0]}
      />
      <div>
        <label htmlFor="grant-role" className="block text-sm font-medium">
          Role
        </label>
        <select id="grant-role" name="role" defaultValue={state?.values?.role ?? "researcher"} className={inputClass}>
          <option value="researcher">Researcher</option>
          <option value="admin">Admin</option>
        </select>
      </div>
      <SubmitButton className={secondaryButton} unavailable={pending}>
        Grant role
      </SubmitButton>
      <FormOutcome state={state} className="w-full" />
    </form>
  );
}
