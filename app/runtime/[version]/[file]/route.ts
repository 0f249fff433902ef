import { createReadStream } from "node:fs";
import { responseBody } from "@/lib/web-stream";
import { runtimeAsset } from "@/lib/python-runtime";

export const dynamic = "force-dynamic";

/**
 * The editor's Python runtime at a versioned URL (lib/python-runtime.ts). Public static files, so no session is read
 * (the handler() wrapper would look one up for every 10 MB download). A URL whose version is not the current one is
 * a 404 that nothing may cache, so an old page never stores a different file under a version it did not mean.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ version: string; file: string }> }) {
  const { version, file } = await params;
  const asset = runtimeAsset(version, file);
  if (!asset) {
    return Response.json(
      { error: { code: "not_found", message: "No such runtime file (the page may be older than the server: reload it)." } },
      { status: 404, headers: { "cache-control": "no-store" } },
    );
  }
  return new Response(responseBody(createReadStream(asset.path)), {
    headers: {
      "content-type": asset.contentType,
      "content-length": String(asset.size),
      // RFC 8246: the content behind a versioned URL never changes, so no revalidation, not even on reload.
      "cache-control": "public, max-age=31536000, immutable",
    },
  });
}
