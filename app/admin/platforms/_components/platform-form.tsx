"use client";

import { SubmitButton } from "@/components/submit-button";
import { useActionState } from "react";
import { FormOutcome, primaryButton, TextField } from "@/components/form-controls";
import type { ActionState } from "@/lib/auth/action";

type Values = { name: string; issuer: string; clientId: string; authLoginUrl: string; authTokenUrl: string; jwksUrl: string };

/**
 * A platform's registration fields, as the LMS shows them to its admin. New platforms also take issuer, client id
 * and deployment ids; an existing platform's issuer and client id identify it and are shown, not edited.
 */
export function PlatformForm({
  action,
  platformId,
  initial,
}: {
  action: (state: ActionState | undefined, formData: FormData) => Promise<ActionState>;
  /** Set when editing a registered platform. */
  platformId?: string;
  initial?: Values;
}) {
  const [state, formAction, pending] = useActionState(action, undefined);
  const errors = state?.fieldErrors ?? {};
  const value = (name: keyof Values | "deploymentIds") => (state && !state.ok ? state.values?.[name] : undefined) ?? (name === "deploymentIds" ? "" : initial?.[name]);
  const editing = Boolean(platformId);
  return (
    <form action={formAction} className="mt-4 space-y-4" noValidate>
      {platformId && <input type="hidden" name="platformId" value={platformId} />}
      {editing ? (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="font-medium">Issuer</dt>
          <dd className="break-all">{initial?.issuer}</dd>
          <dt className="font-medium">Client id</dt>
          <dd className="font-mono break-all">{initial?.clientId}</dd>
        </dl>
      ) : (
        <>
          <TextField id="platform-issuer" name="issuer" label="Issuer" required defaultValue={value("issuer")} error={errors.issuer?.[0]} hint="The platform id, e.g. https://canvas.instructure.com or your Moodle's address." />
          <TextField id="platform-client-id" name="clientId" label="Client id" required defaultValue={value("clientId")} error={errors.clientId?.[0]} hint="Canvas: the developer key's id. Moodle: the tool's Client ID." />
        </>
      )}
      <TextField id="platform-name" name="name" label="Name" defaultValue={value("name")} error={errors.name?.[0]} hint="Shown to admins; defaults to the issuer's host." />
      <TextField id="platform-auth-url" name="authLoginUrl" label="Authentication request URL" required defaultValue={value("authLoginUrl")} error={errors.authLoginUrl?.[0]} hint="The OIDC authorization endpoint Lantern sends the browser to at login." />
      <TextField id="platform-token-url" name="authTokenUrl" label="Access token URL" required defaultValue={value("authTokenUrl")} error={errors.authTokenUrl?.[0]} hint="OAuth 2 token endpoint, for grades (AGS) and rosters (NRPS)." />
      <TextField id="platform-jwks-url" name="jwksUrl" label="Platform keyset (JWKS) URL" required defaultValue={value("jwksUrl")} error={errors.jwksUrl?.[0]} />
      {!editing && (
        <div>
          <label htmlFor="platform-deployments" className="block text-sm font-medium">
            Deployment ids
          </label>
          <textarea
            id="platform-deployments"
            name="deploymentIds"
            rows={3}
            defaultValue={value("deploymentIds")}
            className="mt-1 block w-full max-w-md rounded border border-slate-400 px-2 py-1 font-mono"
            aria-describedby={`platform-deployments-hint${errors.deploymentIds ? " platform-deployments-error" : ""}`}
            aria-invalid={errors.deploymentIds ? true : undefined}
          />
          <p id="platform-deployments-hint" className="mt-1 text-xs text-slate-600">
            One per line. Launches from a deployment Lantern does not know are refused; you can add more later.
          </p>
          {errors.deploymentIds && (
            <p id="platform-deployments-error" className="mt-1 text-sm text-red-800">
              {errors.deploymentIds[0]}
            </p>
          )}
        </div>
      )}
      <SubmitButton className={primaryButton} unavailable={pending}>
        {editing ? "Save changes" : "Register platform"}
      </SubmitButton>
      <FormOutcome state={state} />
    </form>
  );
}
