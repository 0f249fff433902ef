import { cartridgeXml } from "@/lib/lti11/tool-config";

export const dynamic = "force-dynamic";

/** The basic LTI link (IMS Common Cartridge 1.1) for other LTI 1.1 consumers (Moodle's "cartridge URL", Sakai, D2L). */
export function GET() {
  return new Response(cartridgeXml(), { headers: { "content-type": "application/xml; charset=utf-8" } });
}
