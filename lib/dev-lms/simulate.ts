import type { LaunchRequest } from "./launch";

/**
 * Drives a whole LTI launch over HTTP without a browser, for tests (vitest against a running server, or Playwright's
 * `request`): the dev LMS prepares the launch, the tool's /lti/login answers with its redirect (and state cookie),
 * the dev LMS's auth endpoint returns the signed id_token as JSON, and `submit()` form-posts it to the tool.
 *
 *   const launch = await simulateLaunch({ lmsOrigin: "http://127.0.0.1:3100", request: { person: "student" } });
 *   const res = await launch.submit();   // the tool's /lti/launch response
 */
export async function simulateLaunch({
  lmsOrigin,
  request,
  fetch: fetchImpl = fetch,
}: {
  lmsOrigin: string;
  request: LaunchRequest;
  fetch?: typeof fetch;
}) {
  const prepared = await fetchImpl(`${lmsOrigin}/dev/lms/api/launches`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request),
  });
  if (prepared.status !== 201) throw new Error(`dev LMS refused the launch: ${prepared.status} ${await prepared.text()}`);
  const launch = (await prepared.json()) as {
    launchId: string;
    launchUrl: string;
    initiation: { url: string; params: Record<string, string> };
    clientId: string;
    deploymentId: string;
    userId: string;
    resourceLinkId: string | null;
  };

  const login = await fetchImpl(launch.initiation.url, { redirect: "manual" });
  const location = login.headers.get("location");
  if (login.status !== 302 || !location) {
    throw new Error(`the tool's login did not redirect (status ${login.status}); platform storage needs a browser`);
  }
  // Keep only name=value of each Set-Cookie, as a browser would send them back.
  const cookies = (login.headers.getSetCookie?.() ?? [login.headers.get("set-cookie") ?? ""])
    .filter(Boolean)
    .map((c) => c.split(";")[0]);

  const auth = await fetchImpl(location, { headers: { accept: "application/json" } });
  const answer = (await auth.json()) as {
    action: string;
    fields: Record<string, string>;
    claims?: Record<string, unknown>;
    error?: { message: string };
  };
  if (!auth.ok) throw new Error(`dev LMS auth endpoint refused: ${answer.error?.message ?? auth.status}`);

  return {
    ...launch,
    authRequestUrl: location,
    cookies,
    form: { action: answer.action, fields: answer.fields },
    claims: answer.claims ?? {},
    /** Form-posts the id_token and state to the tool's redirect_uri with the state cookie, like the browser does. */
    submit: (init: { cookies?: string[]; redirect?: RequestRedirect } = {}) =>
      fetchImpl(answer.action, {
        method: "POST",
        redirect: init.redirect ?? "manual",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: lmsOrigin,
          ...((init.cookies ?? cookies).length && { cookie: (init.cookies ?? cookies).join("; ") }),
        },
        body: new URLSearchParams(answer.fields).toString(),
      }),
  };
}
