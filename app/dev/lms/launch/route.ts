import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { notFound } from "@/lib/errors";
import { autoSubmitPage, htmlResponse } from "@/lib/dev-lms/html";
import { loginInitiation } from "@/lib/dev-lms/launch";
import { platformUrls, requestOrigin, requireDevLms } from "@/lib/dev-lms/platform";
import { selectDevLmsResourceLink, selectDevLmsTool, selectOptionalDevLmsLaunch } from "@/lib/models/dev-lms";

export const dynamic = "force-dynamic";

const query = z.object({ launch: z.string().max(100) });

/**
 * Starts a stored launch inside the course page's iframe: a page that sends the browser to the tool's login
 * initiation URL by form POST, as Canvas does (OIDC third-party initiated login, Security Framework §5.1.1.1).
 */
export const GET = handler({ access: { public: true }, sameOriginOnly: false, query }, async ({ req, query }) => {
  requireDevLms();
  const launch = await selectOptionalDevLmsLaunch({ unsafeLaunchId: query.launch });
  if (!launch) throw notFound("No such launch.");
  const tool = await selectDevLmsTool({ clientId: launch.clientId });
  const link = launch.resourceLinkId
    ? await selectDevLmsResourceLink({ clientId: tool.clientId, unsafeResourceLinkId: launch.resourceLinkId })
    : null;
  const init = loginInitiation(launch, tool, link, platformUrls(requestOrigin(req)));
  return htmlResponse(autoSubmitPage({ title: "Opening the tool…", action: init.action, fields: init.params, method: "post" }));
});
