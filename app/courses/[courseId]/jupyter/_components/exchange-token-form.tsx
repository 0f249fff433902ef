"use client";

import { useActionState } from "react";
import { inputClass, primaryButton } from "@/components/form-controls";
import { SubmitButton } from "@/components/submit-button";
import { createExchangeTokenAction } from "../actions";
import { EXCHANGE_TOKEN_DAYS } from "../schema";

/** Creates an exchange token and shows it once, ready to paste into NAAS_JWT. */
export function ExchangeTokenForm({ courseId }: { courseId: string }) {
  const [state, formAction, pending] = useActionState(createExchangeTokenAction, undefined);
  const created = state?.ok ? state.data : undefined;
  return (
    <div>
      {/* Always present, so a screen reader announces the token's arrival (a region that appears is not read). */}
      <div role="status">
        {created && (
          <div className="mt-3 rounded border border-green-700 bg-green-50 p-3">
            <p className="font-medium">Token created. Copy it now: it is not shown again.</p>
            <label htmlFor="exchange-token" className="mt-2 block text-sm font-medium">
              Your exchange token (NAAS_JWT)
            </label>
            <input id="exchange-token" readOnly value={created.token} className={`${inputClass} font-mono`} onFocus={(e) => e.currentTarget.select()} />
          </div>
        )}
      </div>
      <form action={formAction} className="mt-3 flex flex-wrap items-end gap-3">
        <input type="hidden" name="courseId" value={courseId} />
        <div>
          <label htmlFor="exchange-token-expiry" className="block text-sm font-medium">
            Expires after
          </label>
          <select id="exchange-token-expiry" name="expiresInDays" defaultValue="180" className={inputClass} aria-describedby="exchange-token-error">
            {EXCHANGE_TOKEN_DAYS.map((d) => (
              <option key={d} value={d}>
                {d} days
              </option>
            ))}
          </select>
        </div>
        <SubmitButton className={primaryButton} unavailable={pending}>
          Create exchange token
        </SubmitButton>
      </form>
      <p id="exchange-token-error" role="alert" className="mt-1 text-sm text-red-800">
        {state && !state.ok ? (state.fieldErrors?.expiresInDays?.[0] ?? state.message) : ""}
      </p>
    </div>
  );
}
