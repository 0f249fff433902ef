import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { getMemberships } from "@/lib/dev-lms/nrps";

export const dynamic = "force-dynamic";

const params = z.object({ contextId: z.string().min(1).max(200) });

/** NRPS 2.0 memberships container (§2.2); bearer token checked in lib/dev-lms/service. */
export const GET = handler({ access: { public: true }, sameOriginOnly: false, params }, async ({ req, params }) =>
  getMemberships(req, params.contextId),
);
