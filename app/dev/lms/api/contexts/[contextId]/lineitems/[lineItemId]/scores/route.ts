import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { postScore } from "@/lib/dev-lms/ags-handlers";

export const dynamic = "force-dynamic";

const params = z.object({ contextId: z.string().min(1).max(200), lineItemId: z.string().min(1).max(100) });

/** AGS 2.0 score publish service (§3.4); bearer token checked in lib/dev-lms/service. */
export const POST = handler({ access: { public: true }, sameOriginOnly: false, params }, async ({ req, params }) =>
  postScore(req, params),
);
