"use client";

import { useId } from "react";
import { describedBy, FieldMessages, invalid } from "@/components/field-messages";

export type FieldErrors = Record<string, string[]> | undefined;

export const inputClass = "mt-1 block w-full rounded border border-slate-400 px-2 py-1";
export const buttonClass =
  "rounded px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-50";
export const primaryButton = `${buttonClass} bg-lantern-700 text-white hover:bg-lantern-600`;
export const secondaryButton = `${buttonClass} border border-slate-400 text-slate-900 hover:bg-slate-50`;

/** The messages for a field path, including those of its children (e.g. `latePolicy.maxPercent` under `latePolicy`). */
export function errorsFor(errors: FieldErrors, ...paths: string[]): string[] {
  if (!errors) return [];
  return Object.entries(errors)
    .filter(([key]) => paths.some((p) => key === p || key.startsWith(`${p}.`)))
    .flatMap(([, messages]) => messages);
}

/** A labelled control with its error messages under it, tied by aria-describedby. */
export function Field({
  label,
  hint,
  errors,
  children,
}: {
  label: string;
  hint?: string;
  errors?: string[];
  children: (props: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean }) => React.ReactNode;
}) {
  const id = useId();
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children({ id, "aria-describedby": describedBy(id, hint, errors), "aria-invalid": invalid(errors) })}
      <FieldMessages id={id} hint={hint} error={errors} />
    </div>
  );
}
