"use client";

import { SubmitButton } from "@/components/submit-button";
import { useActionState } from "react";
import { FormOutcome, inputClass, primaryButton, TextField } from "@/components/form-controls";
import type { ActionState } from "@/lib/auth/action";
import { createConsumerKeyAction } from "../actions";

/** Key and name for a new LTI 1.1 consumer key; its shared secret is shown once, right here, after creation. */
export function CreateConsumerKeyForm() {
  const [state, formAction, pending] = useActionState<ActionState<{ consumerKey: string; secret: string }> | undefined, FormData>(
    createConsumerKeyAction,
    undefined,
  );
  const created = state?.ok ? state.data : undefined;
  return (
    <div>
      {/* Always present, so the new key is announced when it appears (WCAG 4.1.3). */}
      <div role="status">
      {created && (
        <div className="mt-4 rounded border border-green-700 bg-green-50 p-3">
          <p className="font-medium">Consumer key “{created.consumerKey}” created. Copy the secret now: it is not shown again.</p>
          <label htmlFor="new-consumer-secret" className="mt-2 block text-sm font-medium">
            Shared secret
          </label>
          <input id="new-consumer-secret" readOnly value={created.secret} className={`${inputClass} font-mono`} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
      </div>
      <form action={formAction} className="mt-4 space-y-4" noValidate>
        <TextField
          id="consumer-key"
          name="consumerKey"
          label="Consumer key"
          required
          defaultValue={state?.ok ? "" : state?.values?.consumerKey}
          error={state?.fieldErrors?.consumerKey?.[0]}
          hint="Typed into the LMS with the secret, e.g. the school's name: letters, digits and . _ ~ : @ -"
        />
        <TextField id="consumer-name" name="name" label="Name" defaultValue={state?.ok ? "" : state?.values?.name} error={state?.fieldErrors?.name?.[0]} hint="Shown to admins; optional." />
        <SubmitButton className={primaryButton} unavailable={pending}>
          Create consumer key
        </SubmitButton>
        <FormOutcome state={state?.ok ? undefined : state} />
      </form>
    </div>
  );
}
