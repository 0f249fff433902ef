import { handler } from "@/lib/auth/handler";
import { issueAccessToken, OAuthError, recordTokenRequest } from "@/lib/dev-lms/oauth";
import { platformUrls, requestOrigin, requireDevLms } from "@/lib/dev-lms/platform";

export const dynamic = "force-dynamic";

/** OAuth 2.0 token endpoint (client credentials + JWT client assertion, Security Framework §4.1). */
export const POST = handler({ access: { public: true }, sameOriginOnly: false }, async ({ req }) => {
  requireDevLms();
  const form = new URLSearchParams((await req.text()).slice(0, 32 * 1024));
  let response: Response;
  let clientId: string | null = null;
  try {
    const token = await issueAccessToken(form, platformUrls(requestOrigin(req)));
    clientId = token.clientId;
    response = Response.json(token.body, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    // RFC 6749 §5.2 error shape, not Lantern's own.
    response = Response.json(
      { error: error.code, error_description: error.message },
      { status: error.status, headers: { "Cache-Control": "no-store" } },
    );
  }
  await recordTokenRequest({ req, form, clientId, response });
  return response;
});
