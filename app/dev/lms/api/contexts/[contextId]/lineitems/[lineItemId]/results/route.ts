import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { getResults } from "@/lib/dev-lms/ags-handlers";

export const dynamic = "force-dynamic";

const params = z.object({ contextId: z.string().min(1).max(200), lineItemId: z.string().min(1).max(100) });

/** AGS 2.0 result service (§3.3); bearer token checked in lib/dev-lms/service. */
export const GET = handler({ access: { public: true }, sameOriginOnly: false, params }, async ({ req, params }) =>
  getResults(req, params),
);
