/**
 * A form field's hint and error under it, and the `aria-describedby` that ties both to the control, so a screen
 * reader reads them with the field (WCAG 1.3.1, 3.3.1). One markup for every form: the admin and account pages
 * (form-controls.tsx), points inputs, the assignment editor and the extension fields. Server-safe (no hooks).
 */

const hintId = (id: string) => `${id}-hint`;
const errorId = (id: string) => `${id}-error`;

const present = (error: string | string[] | undefined): boolean => (Array.isArray(error) ? error.length > 0 : Boolean(error));

/** The control's aria-describedby: its hint's id, then its error's, or nothing. */
export function describedBy(id: string, hint: unknown, error: string | string[] | undefined): string | undefined {
  return [hint ? hintId(id) : "", present(error) ? errorId(id) : ""].filter(Boolean).join(" ") || undefined;
}

/** The control's aria-invalid: true while it has an error, absent otherwise (never "false" noise). */
export const invalid = (error: string | string[] | undefined): true | undefined => (present(error) ? true : undefined);

/** The hint and the error (one message, or a list when a field has several). */
export function FieldMessages({ id, hint, error }: { id: string; hint?: React.ReactNode; error?: string | string[] }) {
  return (
    <>
      {hint ? (
        <p id={hintId(id)} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {Array.isArray(error) ? (
        error.length > 0 && (
          <ul id={errorId(id)} className="mt-1 text-sm text-red-800">
            {error.map((message, i) => (
              <li key={i}>{message}</li>
            ))}
          </ul>
        )
      ) : error ? (
        <p id={errorId(id)} className="mt-1 text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </>
  );
}
