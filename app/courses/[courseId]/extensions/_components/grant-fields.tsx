import { describedBy, FieldMessages, invalid } from "@/components/field-messages";
import { inputClass } from "@/components/form-controls";

type Values = Record<string, string> | undefined;

function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">{label}</label>
      {children}
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}

/**
 * The extension's own fields (new due/closing date, extra days, extra attempts, reason), shared by the extensions
 * page and the submissions table's bulk "Extend". `prefix` keeps ids unique when both appear on one page.
 */
export function GrantFields({ prefix, timeZone, values, errors, datesAllowed }: { prefix: string; timeZone: string; values: Values; errors: (k: string) => string | undefined; datesAllowed: boolean }) {
  const id = (k: string) => `${prefix}-${k}`;
  const input = (k: string, extra: React.InputHTMLAttributes<HTMLInputElement>, hint: boolean) => (
    <input id={id(k)} name={k} key={`${k}-${values?.[k] ?? ""}`} defaultValue={values?.[k] ?? ""} className={inputClass} aria-describedby={describedBy(id(k), hint, errors(k))} aria-invalid={invalid(errors(k))} {...extra} />
  );
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {datesAllowed && (
        <>
          <Field id={id("dueAt")} label="New due date" hint={`In ${timeZone}. Leave empty to keep the due date.`} error={errors("dueAt")}>
            {input("dueAt", { type: "datetime-local" }, true)}
          </Field>
          <Field id={id("lockAt")} label="New closing date" hint="After it, submissions are refused. Leave empty to keep it." error={errors("lockAt")}>
            {input("lockAt", { type: "datetime-local" }, true)}
          </Field>
        </>
      )}
      <Field id={id("extraDays")} label="Extra days" hint="Moves the due and closing dates that would apply by whole days." error={errors("extraDays")}>
        {input("extraDays", { inputMode: "numeric" }, true)}
      </Field>
      <Field id={id("extraAttempts")} label="Extra attempts" hint="Added to the attempt limit (assignments without a limit are unchanged)." error={errors("extraAttempts")}>
        {input("extraAttempts", { inputMode: "numeric" }, true)}
      </Field>
      <div className="sm:col-span-2">
        <Field id={id("reason")} label="Reason (staff only)" error={errors("reason")}>
          {input("reason", { maxLength: 500 }, false)}
        </Field>
      </div>
    </div>
  );
}
