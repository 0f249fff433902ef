import { handler } from "@/lib/auth/handler";
import { openidConfiguration } from "@/lib/dev-lms/openid";
import { platformUrls, requestOrigin, requireDevLms } from "@/lib/dev-lms/platform";

export const dynamic = "force-dynamic";

/** The dev LMS's OpenID configuration (Dynamic Registration 1.0 §3.3); fetched server-to-server by the tool. */
export const GET = handler({ access: { public: true }, sameOriginOnly: false }, async ({ req }) => {
  requireDevLms();
  return Response.json(openidConfiguration(platformUrls(requestOrigin(req))));
});
