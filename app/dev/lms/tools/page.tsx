import type { Metadata } from "next";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { platformValuesFor } from "@/lib/dev-lms/manual";
import { platformUrls, requestOrigin, requireDevLmsPage } from "@/lib/dev-lms/platform";
import { createRegistrationToken } from "@/lib/dev-lms/registration";
import { selectDevLmsTools } from "@/lib/models/dev-lms";
import { registerManually, removeTool } from "../actions";
import { DynamicRegistration } from "../_components/dynamic-registration";
import { ManualRegistrationForm } from "../_components/manual-registration-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Tools and registration" };

/** Register tools (Dynamic Registration or by hand) and show the values a tool admin pastes on the tool's side. */
export default async function DevLmsToolsPage({ searchParams }: { searchParams: Promise<{ registered?: string }> }) {
  requireDevLmsPage();
  const { registered } = await searchParams;
  const urls = platformUrls(requestOrigin(await headers()));
  const tools = await selectDevLmsTools();
  // Stateless signed token (not stored until used), so creating one while rendering changes nothing.
  const registrationToken = await createRegistrationToken(urls);
  const toolOrigin = env().APP_URL;

  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Tools and registration</h1>
      {registered && <p role="status" className="text-green-800">Registered a tool with client id {registered}.</p>}

      <DynamicRegistration
        defaultToolUrl={`${toolOrigin}/lti/register`}
        openidConfigurationUrl={urls.openidConfiguration}
        registrationToken={registrationToken}
      />

      <section aria-labelledby="tools-heading">
        <h2 id="tools-heading" className="text-lg font-semibold">Registered tools</h2>
        {tools.length === 0 ? (
          <p className="mt-1 text-slate-700">None yet.</p>
        ) : (
          <ul className="mt-2 space-y-4">
            {tools.map((t) => {
              const values = platformValuesFor(t, urls);
              return (
                <li key={t.id} className="rounded border border-slate-300 bg-white p-4">
                  <h3 className="font-semibold">{t.name} <span className="text-sm font-normal text-slate-700">({t.source === "dynamic" ? "Dynamic Registration" : "manual"})</span></h3>
                  <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
                    <dt className="font-medium">Issuer (platform id)</dt><dd><code>{values.issuer}</code></dd>
                    <dt className="font-medium">Client id</dt><dd><code>{values.clientId}</code></dd>
                    <dt className="font-medium">Deployment id</dt><dd><code>{values.deploymentId}</code></dd>
                    <dt className="font-medium">Authentication request URL</dt><dd><code>{values.authLoginUrl}</code></dd>
                    <dt className="font-medium">Access token URL</dt><dd><code>{values.tokenUrl}</code></dd>
                    <dt className="font-medium">Keyset (JWKS) URL</dt><dd><code>{values.jwksUrl}</code></dd>
                    <dt className="font-medium">Tool login URL</dt><dd><code>{t.initiateLoginUri}</code></dd>
                    <dt className="font-medium">Tool redirect URLs</dt><dd><code>{t.redirectUris.join(" ")}</code></dd>
                    <dt className="font-medium">Tool keyset</dt><dd><code>{t.jwksUri ?? "inline public key"}</code></dd>
                    <dt className="font-medium">Scopes granted</dt><dd>{t.scopes.map((s) => s.split("/scope/")[1]).join(", ") || "none"}</dd>
                  </dl>
                  <form action={removeTool} className="mt-3">
                    <input type="hidden" name="clientId" value={t.clientId} />
                    <button type="submit" className="rounded border border-red-800 px-3 py-1 text-red-800 hover:bg-red-50">Remove {t.name} ({t.clientId})</button>
                  </form>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <ManualRegistrationForm action={registerManually} toolOrigin={toolOrigin} />
    </div>
  );
}
