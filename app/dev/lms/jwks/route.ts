import { handler } from "@/lib/auth/handler";
import { platformJwks } from "@/lib/dev-lms/keys";
import { requireDevLms } from "@/lib/dev-lms/platform";

export const dynamic = "force-dynamic";

/** The dev LMS's public keyset, which the tool uses to verify id_tokens (Security Framework §6.3). */
export const GET = handler({ access: { public: true }, sameOriginOnly: false }, async () => {
  requireDevLms();
  return Response.json(await platformJwks(), { headers: { "Cache-Control": "public, max-age=300" } });
});
