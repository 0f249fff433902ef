import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { lineItemCall } from "@/lib/dev-lms/ags-handlers";

export const dynamic = "force-dynamic";

const params = z.object({ contextId: z.string().min(1).max(200), lineItemId: z.string().min(1).max(100) });
// Called server-to-server by the tool with an OAuth bearer token (checked in lib/dev-lms/service).
const spec = { access: { public: true }, sameOriginOnly: false, params } as const;

/** AGS 2.0 line item (§3.2.7–3.2.9). */
export const GET = handler(spec, async ({ req, params }) => lineItemCall(req, params));
export const PUT = handler(spec, async ({ req, params }) => lineItemCall(req, params));
export const DELETE = handler(spec, async ({ req, params }) => lineItemCall(req, params));
