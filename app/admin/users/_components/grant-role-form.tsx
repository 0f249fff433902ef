"use client";

import { useActionState } from "react";
import { inputClass, secondaryButton, TextField } from "@/components/form-controls";
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
      <button type="submit" className={secondaryButton} disabled={pending}>
        Grant role
      </button>
      <p role={state?.ok ? "status" : "alert"} className={`w-full text-sm ${state?.ok ? "text-slate-700" : "text-red-800"}`}>
        {state?.fieldErrors?.email ? "" : state?.message}
      </p>
    </form>
  );
}
