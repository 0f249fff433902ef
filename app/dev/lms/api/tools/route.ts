import { handler } from "@/lib/auth/handler";
import { manualRegistration, platformValuesFor, registerToolManually } from "@/lib/dev-lms/manual";
import { platformUrls, requestOrigin, requireDevLms } from "@/lib/dev-lms/platform";
import { createRegistrationToken } from "@/lib/dev-lms/registration";
import { selectDevLmsTools } from "@/lib/models/dev-lms";

export const dynamic = "force-dynamic";

/**
 * Test and script helpers (dev only). GET lists the registered tools with the values a tool admin would paste, plus
 * a fresh Dynamic Registration token and openid-configuration URL; POST registers a tool manually.
 */
export const GET = handler({ access: { public: true } }, async ({ req }) => {
  requireDevLms();
  const urls = platformUrls(requestOrigin(req));
  const tools = await selectDevLmsTools();
  return {
    platform: { issuer: urls.issuer, openidConfigurationUrl: urls.openidConfiguration, registrationToken: await createRegistrationToken(urls) },
    tools: tools.map((t) => ({ ...platformValuesFor(t, urls), name: t.name, source: t.source, scopes: t.scopes, targetLinkUri: t.targetLinkUri })),
  };
});

export const POST = handler({ access: { public: true }, body: manualRegistration }, async ({ req, body }) => {
  requireDevLms();
  const tool = await registerToolManually(body);
  return Response.json(platformValuesFor(tool, platformUrls(requestOrigin(req))), { status: 201 });
});
