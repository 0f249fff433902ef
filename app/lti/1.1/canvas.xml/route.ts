import { canvasXml } from "@/lib/lti11/tool-config";

export const dynamic = "force-dynamic";

/** Canvas XML configuration for an LTI 1.1 app ("Add App" → "By URL", with the consumer key and shared secret). */
export function GET() {
  return new Response(canvasXml(), { headers: { "content-type": "application/xml; charset=utf-8" } });
}
