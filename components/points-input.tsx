import { POINTS_PATTERN } from "@/lib/assignments/points";
import { describedBy, FieldMessages, invalid } from "./field-messages";

/**
 * The one input for points and scores, on every page where staff type them (issue 10, item 19): a text box with a
 * decimal keypad rather than `type="number"`, which silently submits "" for "1,5", accepts "1e3", changes on scroll
 * and is announced differently across screen readers (GOV.UK Design System, "Avoid using inputs with a type of
 * number"). The server validates strictly (lib/assignments/points.ts, lib/grading/score-input.ts) and the error
 * stands under the field, tied to it by aria-describedby and marked aria-invalid (WCAG 3.3.1). Server-safe: no
 * hooks, so client forms and server pages share it.
 */
export function PointsInput({
  id,
  name,
  label,
  hint,
  error,
  native = false,
  inputClassName = "",
  ...input
}: {
  id: string;
  name?: string;
  label: React.ReactNode;
  hint?: string;
  error?: string;
  /** For a form that posts without JavaScript: let the browser refuse what the server would (HTML `pattern`). */
  native?: boolean;
  /** Width and other classes of the box (default `w-24`). */
  inputClassName?: string;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "type" | "inputMode" | "pattern">) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        pattern={native ? POINTS_PATTERN : undefined}
        title={native ? "A plain number with at most two decimals, e.g. 10 or 2.5" : undefined}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={invalid(error)}
        className={`mt-1 block rounded border px-2 py-1 ${error ? "border-red-700" : "border-slate-400"} ${inputClassName || "w-24"}`}
        {...input}
      />
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}
