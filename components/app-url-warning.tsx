import { headers } from "next/headers";
import { differsFromAppUrl, requestOrigin } from "@/lib/app-url";
import { env, isDevelopmentLike } from "@/lib/env";
import { log } from "@/lib/log";

/** Origins already reported in this process (production logs each once, not on every page). */
const reported = new Set<string>();

/**
 * Says, on every page outside production, that this page was opened at an address APP_URL does not name: LMS
 * registrations, launch redirects and sign-in links would go to APP_URL instead (lib/app-url.ts). In production it
 * is a log line for the operator, never text for students.
 */
export async function AppUrlWarning() {
  const appUrl = env().APP_URL;
  const origin = requestOrigin(await headers(), new URL(appUrl).protocol.replace(":", ""));
  if (!origin || !differsFromAppUrl(origin, appUrl)) return null;
  if (!isDevelopmentLike()) {
    if (reported.size < 20 && !reported.has(origin)) {
      reported.add(origin);
      log.warn("request address differs from APP_URL; LTI launches and sign-in links use APP_URL", { requestOrigin: origin, appUrl });
    }
    return null;
  }
  return (
    <div role="region" aria-label="Configuration warning" className="border-b-2 border-red-800 bg-red-50">
      <div className="mx-auto max-w-5xl px-4 py-2 text-sm text-red-950 [overflow-wrap:anywhere]">
        <p>
          <strong>This page was opened at {origin}, but Lantern&rsquo;s APP_URL is {appUrl}.</strong> LMS registrations,
          launches and sign-in links use APP_URL, so they will not reach this server.
        </p>
        <p className="mt-1">
          Open Lantern at <a className="underline" href={appUrl}>{appUrl}</a>, or set <code>APP_URL={origin}</code> (or leave it
          unset: in development it follows the port Lantern listens on) and restart.
        </p>
      </div>
    </div>
  );
}
