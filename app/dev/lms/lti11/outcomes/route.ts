import { handleOutcomeRequest } from "@/lib/dev-lms/lti11-outcomes";
import { requestOrigin } from "@/lib/dev-lms/platform";
import { isDevelopmentLike } from "@/lib/env";

export const dynamic = "force-dynamic";

/** The dev LMS's LTI 1.1 Basic Outcomes service (lis_outcome_service_url); a tool posts signed POX XML here. */
export async function POST(req: Request) {
  if (!isDevelopmentLike()) return new Response("Not found", { status: 404 });
  // The tool signed the URL it was given, which carries the origin the LMS page was opened on.
  const url = `${requestOrigin(req)}/dev/lms/lti11/outcomes${new URL(req.url).search}`;
  return handleOutcomeRequest(req, url);
}
