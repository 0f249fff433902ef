"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/auth/action";

const field = "mt-1 block w-full rounded border border-slate-400 bg-white px-2 py-1";

function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.length ? <p id={id} className="mt-1 text-sm text-red-800">{errors.join(" ")}</p> : null;
}

/** Manual registration: the tool's URLs as an LMS admin types them in. */
export function ManualRegistrationForm({
  action,
  toolOrigin,
}: {
  action: (state: ActionState | undefined, formData: FormData) => Promise<ActionState>;
  toolOrigin: string;
}) {
  const [state, formAction, pending] = useActionState(action, undefined);
  const errors = state?.fieldErrors ?? {};
  const input = (name: string, label: string, defaultValue: string, errorKey = name) => (
    <label className="block">
      {label}
      <input name={name} defaultValue={defaultValue} required className={field} aria-describedby={errors[errorKey] ? `${name}-error` : undefined} aria-invalid={errors[errorKey] ? true : undefined} />
      <FieldError id={`${name}-error`} errors={errors[errorKey]} />
    </label>
  );
  return (
    <section aria-labelledby="manual-heading" className="rounded border border-slate-300 bg-white p-4">
      <h2 id="manual-heading" className="text-lg font-semibold">Manual registration</h2>
      {state?.message && <p role="alert" className="mt-2 text-red-800">{state.message}</p>}
      <form action={formAction} className="mt-3 grid gap-4 md:grid-cols-2">
        {input("name", "Tool name", "Lantern")}
        {input("initiateLoginUri", "Login initiation URL", `${toolOrigin}/lti/login`)}
        {input("redirectUris", "Redirect URLs (space-separated)", `${toolOrigin}/lti/launch`, "redirectUris.0")}
        {input("targetLinkUri", "Target link URL", `${toolOrigin}/lti/launch`)}
        {input("jwksUri", "Tool keyset (JWKS) URL", `${toolOrigin}/lti/jwks`)}
        <div className="md:col-span-2">
          <button type="submit" disabled={pending} className="rounded bg-blue-800 px-3 py-1.5 text-white hover:bg-blue-900 disabled:opacity-60">
            {pending ? "Registering…" : "Register manually"}
          </button>
        </div>
      </form>
    </section>
  );
}
