import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { notFound } from "@/lib/errors";
import { autoSubmitPage, htmlResponse } from "@/lib/dev-lms/html";
import { lti11ClientId, signedLti11Launch } from "@/lib/dev-lms/lti11-launch";
import { requestOrigin, requireDevLms } from "@/lib/dev-lms/platform";
import { selectDevLmsResourceLink } from "@/lib/models/dev-lms";
import { selectOptionalDevLmsLti11Launch, selectOptionalDevLmsLti11Tool } from "@/lib/models/dev-lms-lti11";

export const dynamic = "force-dynamic";

const query = z.object({ launch: z.string().max(100) });

/**
 * Opens a stored LTI 1.1 launch in the course page's iframe: an auto-posting form with the OAuth 1.0a signed
 * basic-lti-launch-request, as Canvas sends it (LTI 1.1 Implementation Guide §4). Signed now, so every open has a
 * fresh nonce and timestamp.
 */
export const GET = handler({ access: { public: true }, sameOriginOnly: false, query }, async ({ req, query }) => {
  requireDevLms();
  const launch = await selectOptionalDevLmsLti11Launch({ unsafeLaunchId: query.launch });
  const tool = launch ? await selectOptionalDevLmsLti11Tool({ consumerKey: launch.consumerKey }) : null;
  if (!launch || !tool) throw notFound("No such launch.");
  const link = launch.resourceLinkId
    ? await selectDevLmsResourceLink({ clientId: lti11ClientId(tool.consumerKey), unsafeResourceLinkId: launch.resourceLinkId })
    : null;
  const form = signedLti11Launch({ launch, tool, link, lmsOrigin: requestOrigin(req) });
  return htmlResponse(autoSubmitPage({ title: "Opening the tool…", action: form.action, fields: Object.fromEntries(form.fields) }));
});
