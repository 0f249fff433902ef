import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { respondToDeepLink } from "@/lib/lti/deep-link-picker";

export const dynamic = "force-dynamic";

/**
 * The picker's form posts here; the answer is an auto-posting page back to the LMS (so this is a route handler, not
 * a server action). Authenticated by session (cookie or the `lt` Bearer token from proxy.ts) plus the request token.
 */
export const POST = handler({ access: { user: true }, params: z.object({ token: z.string() }) }, async ({ req, params, session }) =>
  respondToDeepLink({ unsafeToken: params.token, session, form: await req.formData() }),
);
