import { toolJwks } from "@/lib/lti/tool-keys";

export const dynamic = "force-dynamic";

/** Lantern's public keyset (current and recently rotated keys); platforms verify our signatures with it. */
export async function GET() {
  return Response.json(await toolJwks(), { headers: { "cache-control": "public, max-age=300" } });
}
