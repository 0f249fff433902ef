import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { getLineItems, postLineItem } from "@/lib/dev-lms/ags-handlers";

export const dynamic = "force-dynamic";

const params = z.object({ contextId: z.string().min(1).max(200) });
// Called server-to-server by the tool with an OAuth bearer token (checked in lib/dev-lms/service).
const spec = { access: { public: true }, sameOriginOnly: false, params } as const;

/** AGS 2.0 line items container (§3.2). */
export const GET = handler(spec, async ({ req, params }) => getLineItems(req, params.contextId));
export const POST = handler(spec, async ({ req, params }) => postLineItem(req, params.contextId));
