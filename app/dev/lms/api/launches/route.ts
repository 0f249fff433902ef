import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { notFound } from "@/lib/errors";
import { createLaunch, launchRequest, loginInitiation } from "@/lib/dev-lms/launch";
import { platformUrls, requestOrigin, requireDevLms } from "@/lib/dev-lms/platform";
import { selectDevLmsTools, selectOptionalDevLmsLaunch } from "@/lib/models/dev-lms";

export const dynamic = "force-dynamic";

/**
 * Test helper (dev only): POST prepares a launch and returns where to start it — `launchUrl` (the platform page that
 * form-posts the login initiation; open it in a frame or page) and `initiation` (the same as a GET URL for the tool's
 * /lti/login, for tests that drive the redirects with fetch). GET ?id= returns the claims the id_token carried.
 */
export const POST = handler({ access: { public: true }, body: launchRequest }, async ({ req, body }) => {
  requireDevLms();
  const urls = platformUrls(requestOrigin(req));
  const { launch, tool, person, link } = await createLaunch(body, selectDevLmsTools);
  return Response.json(
    {
      launchId: launch.id,
      launchUrl: urls.launchStart(launch.id),
      initiation: loginInitiation(launch, tool, link, urls),
      clientId: tool.clientId,
      deploymentId: tool.deploymentId,
      userId: person.userId,
      resourceLinkId: link?.id ?? null,
    },
    { status: 201 },
  );
});

export const GET = handler({ access: { public: true }, query: z.object({ id: z.string().max(100) }) }, async ({ query }) => {
  requireDevLms();
  const launch = await selectOptionalDevLmsLaunch({ unsafeLaunchId: query.id });
  if (!launch) throw notFound("No such launch.");
  return { launch };
});
