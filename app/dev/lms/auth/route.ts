import { handler } from "@/lib/auth/handler";
import { AuthPageError, authorize } from "@/lib/dev-lms/auth";
import { autoSubmitPage, escapeHtml, htmlResponse, messagePage, wantsJson } from "@/lib/dev-lms/html";
import { platformUrls, requestOrigin, requireDevLms } from "@/lib/dev-lms/platform";

export const dynamic = "force-dynamic";

/**
 * The OIDC authorization endpoint the tool's /lti/login redirects to (Security Framework §5.1.1.2). Answers with a
 * page that form-posts the id_token and state to the tool's redirect_uri (response_mode=form_post), or, for tests
 * sending `Accept: application/json`, the same as JSON: `{ action, fields: { id_token, state } }`.
 */
async function respond(req: Request, params: URLSearchParams): Promise<Response> {
  requireDevLms();
  try {
    const result = await authorize(params, platformUrls(requestOrigin(req)));
    if (wantsJson(req)) return Response.json({ action: result.redirectUri, fields: result.fields, ...("claims" in result && { claims: result.claims }) });
    return htmlResponse(autoSubmitPage({ title: "Launching the tool…", action: result.redirectUri, fields: result.fields }));
  } catch (error) {
    if (!(error instanceof AuthPageError)) throw error;
    if (wantsJson(req)) return Response.json({ error: { code: "invalid_request", message: error.message } }, { status: 400 });
    return htmlResponse(messagePage("The dev LMS refused this login request", `<p>${escapeHtml(error.message)}</p>`), 400);
  }
}

export const GET = handler({ access: { public: true }, sameOriginOnly: false }, async ({ req }) =>
  respond(req, new URL(req.url).searchParams),
);

export const POST = handler({ access: { public: true }, sameOriginOnly: false }, async ({ req }) =>
  respond(req, new URLSearchParams((await req.text()).slice(0, 16 * 1024))),
);
