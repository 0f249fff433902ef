"use client";

import { useActionState } from "react";
import { primaryButton, TextField } from "@/components/form-controls";
import { requestSignInLinkAction } from "../actions";

export function SignInForm({ next }: { next: string }) {
  const [state, formAction, pending] = useActionState(requestSignInLinkAction, undefined);
  return (
    <form action={formAction} className="mt-4 space-y-4" noValidate>
      <input type="hidden" name="next" value={next} />
      <TextField
        id="sign-in-email"
        name="email"
        type="email"
        label="Email address"
        autoComplete="email"
        required
        defaultValue={state?.values?.email}
        error={state?.fieldErrors?.email?.[0]}
      />
      <button type="submit" className={primaryButton} disabled={pending}>
        {pending ? "Sending…" : "Email me a sign-in link"}
      </button>
      <p role="status" className="text-sm text-red-800">
        {state?.message && !state.fieldErrors ? state.message : ""}
      </p>
    </form>
  );
}
