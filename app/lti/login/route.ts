import { handleLogin } from "@/lib/lti/login";

export const dynamic = "force-dynamic";

/** OIDC third-party login initiation (LTI 1.3): GET and POST, called cross-site by the LMS. */
export const GET = (req: Request) => handleLogin(req);
export const POST = (req: Request) => handleLogin(req);
