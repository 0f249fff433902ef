"use client";

import { SubmitButton } from "@/components/submit-button";
import { useActionState } from "react";
import { consentSettingsAction, researchAccessAction } from "../research-actions";

/** Consent model and wording (instructors). */
export function ConsentSettingsForm({ courseId, model, wording }: { courseId: string; model: "opt_in" | "opt_out"; wording: string }) {
  const [state, formAction, pending] = useActionState(consentSettingsAction, undefined);
  return (
    <form action={formAction} className="flex flex-col gap-3">
      <input type="hidden" name="courseId" value={courseId} />
      <fieldset>
        <legend className="font-medium">Consent model</legend>
        <div className="mt-1 flex items-center gap-2">
          <input type="radio" id="model-opt-in" name="consentModel" value="opt_in" defaultChecked={model === "opt_in"} />
          <label htmlFor="model-opt-in" className="text-sm">Opt-in: only students who agree are in research exports</label>
        </div>
        <div className="mt-1 flex items-center gap-2">
          <input type="radio" id="model-opt-out" name="consentModel" value="opt_out" defaultChecked={model === "opt_out"} />
          <label htmlFor="model-opt-out" className="text-sm">Opt-out: every student unless they decline</label>
        </div>
      </fieldset>
      <label htmlFor="consent-wording" className="font-medium">What students read</label>
      <textarea id="consent-wording" name="wording" rows={4} defaultValue={state?.values?.wording ?? wording} className="rounded border border-slate-400 px-2 py-1 text-sm" aria-describedby="consent-wording-error" />
      <p id="consent-wording-error" className="text-sm text-red-800">{state?.fieldErrors?.wording?.join(" ")}</p>
      <div className="flex items-center gap-3">
        <SubmitButton unavailable={pending} className="w-fit rounded bg-lantern-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-lantern-600 disabled:opacity-50">
          Save consent settings
        </SubmitButton>
        <p role="status" className="text-sm text-slate-700">{state?.message}</p>
      </div>
    </form>
  );
}

/** Name a researcher by email to grant them this course's de-identified exports. */
export function GrantForm({ courseId }: { courseId: string }) {
  const [state, formAction, pending] = useActionState(researchAccessAction, undefined);
  return (
    <form action={formAction} className="flex flex-col gap-1">
      <input type="hidden" name="courseId" value={courseId} />
      <input type="hidden" name="intent" value="grant" />
      <label htmlFor="grant-email" className="text-sm font-medium">Researcher&apos;s email</label>
      <div className="flex flex-wrap items-center gap-2">
        <input id="grant-email" name="email" type="email" key={state?.values?.email} defaultValue={state?.values?.email ?? ""} className="w-64 rounded border border-slate-400 px-2 py-1 text-sm" aria-describedby="grant-email-error" />
        <SubmitButton unavailable={pending} className="rounded bg-lantern-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-lantern-600 disabled:opacity-50">
          Grant access
        </SubmitButton>
      </div>
      <p id="grant-email-error" className="text-sm text-red-800">{state?.fieldErrors?.email?.join(" ")}</p>
      <p role="status" className="text-sm text-slate-700">{state?.ok ? state.message : ""}</p>
    </form>
  );
}

/** Revoke one grant. */
export function RevokeButton({ courseId, grantId, name }: { courseId: string; grantId: string; name: string }) {
  const [, formAction, pending] = useActionState(researchAccessAction, undefined);
  return (
    <form action={formAction}>
      <input type="hidden" name="courseId" value={courseId} />
      <input type="hidden" name="intent" value="revoke" />
      <input type="hidden" name="grantId" value={grantId} />
      <SubmitButton unavailable={pending} aria-label={`Revoke access for ${name}`} className="rounded border border-slate-400 px-2 py-0.5 text-sm hover:bg-slate-50">
        Revoke
      </SubmitButton>
    </form>
  );
}
