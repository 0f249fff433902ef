import { handler } from "@/lib/auth/handler";
import { badRequest } from "@/lib/errors";
import { readJsonBody } from "@/lib/http";
import { platformUrls, requestOrigin, requireDevLms } from "@/lib/dev-lms/platform";
import { registerTool, RegistrationError, registrationResponse } from "@/lib/dev-lms/registration";

export const dynamic = "force-dynamic";

/**
 * The registration endpoint (Dynamic Registration 1.0 §3.5–3.6): the tool POSTs its client registration with the
 * registration token as a Bearer credential; errors use the RFC 7591 §3.2.2 shape.
 */
export const POST = handler({ access: { public: true }, sameOriginOnly: false }, async ({ req }) => {
  requireDevLms();
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim();
  if (type !== "application/json") throw badRequest("Content-Type must be application/json.");
  try {
    const body = await readJsonBody(req, 64 * 1024);
    const urls = platformUrls(requestOrigin(req));
    const { tool, registration } = await registerTool({ authorization: req.headers.get("authorization"), body, urls });
    return Response.json(registrationResponse(tool, registration), { status: 200 });
  } catch (error) {
    if (error instanceof RegistrationError) {
      return Response.json(
        { error: error.code, error_description: error.message },
        { status: error.code === "invalid_token" ? 401 : 400 },
      );
    }
    throw error;
  }
});
