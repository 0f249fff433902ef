import { handleLaunch } from "@/lib/lti/launch";

export const dynamic = "force-dynamic";

/** The LTI 1.3 redirect URI: the LMS form-posts the id_token here (response_mode=form_post). */
export const POST = (req: Request) => handleLaunch(req);
