import { handleRegistration } from "@/lib/lti/registration";

export const dynamic = "force-dynamic";

/** LTI Dynamic Registration initiation: the admin pastes this URL into the LMS. */
export const GET = (req: Request) => handleRegistration(req);
