import { handleLti11Launch } from "@/lib/lti11/launch";

export const dynamic = "force-dynamic";

/** The LTI 1.1 launch URL: the consumer form-posts an OAuth 1.0a signed basic-lti-launch-request here. */
export const POST = (req: Request) => handleLti11Launch(req);
