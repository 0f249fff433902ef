import { checkOrigin } from "@/lib/auth/handler";
import { requireSession } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http";
import { respondToDeepLink } from "@/lib/lti/deep-link-picker";

export const dynamic = "force-dynamic";

/**
 * The picker's form posts here; the answer is an auto-posting page back to the LMS (so this is a route handler, not
 * a server action). Authenticated by session (cookie or the `lt` Bearer token from proxy.ts) plus the request token.
 */
export async function POST(req: Request, { params }: { params: Promise<{ token: string }> }) {
  try {
    const session = await requireSession();
    if (session.via === "cookie") checkOrigin(req);
    const { token } = await params;
    return await respondToDeepLink({ unsafeToken: token, session, form: await req.formData() });
  } catch (error) {
    return errorResponse(error, { path: "/lti/deep-link/[token]/respond" });
  }
}
