"use client";

import { SubmitButton } from "@/components/submit-button";
import { useActionState } from "react";
import { dangerButton, primaryButton, secondaryButton } from "@/components/form-controls";
import type { ActionState } from "@/lib/auth/action";

const VARIANTS = { primary: primaryButton, secondary: secondaryButton, danger: dangerButton } as const;

/**
 * One button that runs a server action with fixed hidden fields (activate, revoke, remove…) and shows the action's
 * outcome next to it: a refusal ("the last admin cannot…") reads as an alert, success as a status message.
 */
export function ActionButton({
  action,
  fields,
  label,
  accessibleLabel,
  variant = "secondary",
}: {
  action: (state: ActionState | undefined, formData: FormData) => Promise<ActionState>;
  fields: Record<string, string>;
  label: string;
  /** A longer name when several such buttons share a page ("Deactivate Canvas (client 123)"). */
  accessibleLabel?: string;
  variant?: keyof typeof VARIANTS;
}) {
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form action={formAction} className="inline-flex flex-wrap items-center gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton unavailable={pending} className={VARIANTS[variant]} aria-label={accessibleLabel}>
        {label}
      </SubmitButton>
      {/* Both regions are always present, so the outcome is announced when it arrives (WCAG 4.1.3). */}
      <span role="alert" className="text-sm text-red-800">
        {state && !state.ok ? state.message : ""}
      </span>
      <span role="status" className="text-sm text-slate-700">
        {state?.ok ? state.message : ""}
      </span>
    </form>
  );
}
