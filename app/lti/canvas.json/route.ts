import { canvasDeveloperKeyJson } from "@/lib/lti/tool-config";

export const dynamic = "force-dynamic";

/** Canvas developer-key JSON configuration ("Enter URL" when creating an LTI key). */
export function GET() {
  return Response.json(canvasDeveloperKeyJson());
}
