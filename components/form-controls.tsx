/**
 * Small form building blocks for the admin and account pages: a labelled input with its hint and errors tied by
 * aria-describedby, and the button styles. Server-safe (no hooks), so client forms and server pages share them.
 */
import { describedBy, FieldMessages, invalid } from "./field-messages";

export const inputClass = "mt-1 block w-full max-w-md rounded border border-slate-400 px-2 py-1";
const buttonBase =
  "rounded px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-50";
export const primaryButton = `${buttonBase} bg-lantern-700 text-white hover:bg-lantern-600`;
export const secondaryButton = `${buttonBase} border border-slate-400 text-slate-900 hover:bg-slate-50`;
export const dangerButton = `${buttonBase} border border-red-700 text-red-800 hover:bg-red-50`;

export function TextField({
  id,
  name,
  label,
  hint,
  error,
  ...input
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "id" | "name">) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input id={id} name={name} className={inputClass} aria-describedby={describedBy(id, hint, error)} aria-invalid={invalid(error)} {...input} />
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}

/**
 * A form's outcome, announced (WCAG 4.1.3): success in a status region, a refusal or field errors in an alert. Both
 * regions are always in the page, so a screen reader hears the text when it arrives (a region whose role flips at
 * the moment its text appears is not announced reliably). Field errors stand under their fields; the alert says so.
 */
export function FormOutcome({ state, className = "" }: { state: { ok?: boolean; message?: string; fieldErrors?: Record<string, string[]> } | undefined; className?: string }) {
  const failed = state !== undefined && !state.ok;
  const fields = failed && Object.keys(state.fieldErrors ?? {}).length > 0;
  return (
    <div className={`text-sm ${className}`}>
      <p role="status" className="text-slate-700">
        {state?.ok ? state.message : ""}
      </p>
      <p role="alert" className="text-red-800">
        {fields ? "Not saved: check the fields marked above." : failed ? state.message : ""}
      </p>
    </div>
  );
}
