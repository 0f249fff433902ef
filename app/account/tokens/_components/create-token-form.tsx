"use client";

import { SubmitButton } from "@/components/submit-button";
import { useActionState } from "react";
import { inputClass, primaryButton, TextField } from "@/components/form-controls";
import { API_SCOPES } from "@/lib/auth/roles";
import { createTokenAction } from "../actions";
import { EXPIRY_CHOICES } from "../schema";

const SCOPE_HELP: Record<(typeof API_SCOPES)[number], string> = {
  read: "read courses, assignments, members, submissions and grades you can see on the pages",
  "grades:write": "post scores for students in courses you teach (they reach the LMS like any grade)",
  exchange: "nbgrader exchange: release, fetch, submit and collect",
};

/** Name, scopes and expiry for a new token; the token itself is shown once, right here, after creation. */
export function CreateTokenForm() {
  const [state, formAction, pending] = useActionState(createTokenAction, undefined);
  const created = state?.ok ? state.data : undefined;
  return (
    <div>
      {created && (
        <div role="status" className="mt-4 rounded border border-green-700 bg-green-50 p-3">
          <p className="font-medium">Token “{created.name}” created. Copy it now: it is not shown again.</p>
          <label htmlFor="new-token" className="mt-2 block text-sm font-medium">
            Your new token
          </label>
          <input id="new-token" readOnly value={created.token} className={`${inputClass} font-mono`} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
      <form action={formAction} className="mt-4 space-y-4" noValidate>
        <TextField id="token-name" name="name" label="Name" required defaultValue={state?.ok ? "" : state?.values?.name} error={state?.fieldErrors?.name?.[0]} />
        <fieldset aria-describedby={state?.fieldErrors?.scopes ? "token-scopes-error" : undefined}>
          <legend className="text-sm font-medium">Scopes</legend>
          {API_SCOPES.map((scope) => (
            <label key={scope} className="mt-1 flex items-start gap-2 text-sm">
              <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === "read"} className="mt-1" />
              <span>
                <code>{scope}</code>: {SCOPE_HELP[scope]}
              </span>
            </label>
          ))}
          {state?.fieldErrors?.scopes && (
            <p id="token-scopes-error" className="mt-1 text-sm text-red-800">
              {state.fieldErrors.scopes[0]}
            </p>
          )}
        </fieldset>
        <div>
          <label htmlFor="token-expiry" className="block text-sm font-medium">
            Expires after
          </label>
          <select id="token-expiry" name="expiresInDays" defaultValue="90" className={inputClass}>
            {EXPIRY_CHOICES.map((d) => (
              <option key={d} value={d}>
                {d} days
              </option>
            ))}
          </select>
        </div>
        <SubmitButton className={primaryButton} unavailable={pending}>
          Create token
        </SubmitButton>
        <p role="alert" className="text-sm text-red-800">
          {!state?.ok && !state?.fieldErrors ? state?.message : ""}
        </p>
      </form>
    </div>
  );
}
