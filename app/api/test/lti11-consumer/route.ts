import { z } from "zod";
import { createConsumerKey } from "@/lib/admin/lti11-consumers";
import { systemAuthz } from "@/lib/auth/authz";
import { handler } from "@/lib/auth/handler";
import { testLoginEnabled } from "@/lib/auth/test-login";
import { notFound } from "@/lib/errors";

export const dynamic = "force-dynamic";

const body = z.object({ consumerKey: z.string().min(3).max(100) });

/**
 * Test-only: e2e tests create their own LTI 1.1 consumer key and get its secret, as `npm run lti:register -- --lti11`
 * prints it (that command cannot run beside a server on the embedded database). 404 unless the test login is enabled.
 */
export const POST = handler({ access: { public: true }, body }, async ({ body }) => {
  if (!testLoginEnabled()) throw notFound();
  const { consumer, secret } = await createConsumerKey({ authz: systemAuthz(), consumerKey: body.consumerKey });
  return { consumerKey: consumer.consumerKey, secret };
});
