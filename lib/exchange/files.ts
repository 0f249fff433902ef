import { createHash, randomUUID } from "node:crypto";
import { Transform } from "node:stream";
import { log } from "@/lib/log";
import { signedDownloadRedirect, storage, StorageNotFoundError } from "@/lib/storage";
import { responseBody } from "@/lib/web-stream";

/** Storage keys of exchange files: by course and kind, named by the row id they belong to. */
export const exchangeKeys = {
  release: (courseId: string, id: string) => `exchange/${courseId}/released/${id}.tar.gz`,
  submission: (courseId: string, id: string) => `exchange/${courseId}/submitted/${id}.tar.gz`,
  feedback: (courseId: string, id: string) => `exchange/${courseId}/feedback/${id}.html`,
};

/**
 * The `path` values the API hands out. nbexchange returns server file paths; clients only pass them back to
 * `collection`, so Lantern returns opaque, row-id paths that reveal nothing about the server.
 */
export const exchangePaths = {
  release: (id: string) => `/released/${id}.tar.gz`,
  submission: (id: string) => `/submitted/${id}.tar.gz`,
  /** The submission id in a path from `collections`, or null. */
  submissionIdFrom(path: string): string | null {
    return /^\/submitted\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.tar\.gz$/.exec(path.trim())?.[1] ?? null;
  },
};

export const newFileId = () => randomUUID();

/**
 * Answers with a stored file as `application/gzip` (the exact type the nbgrader plugin compares), with its length
 * and an ETag. The bytes are hashed while they stream: if they do not match the checksum recorded at upload, the
 * response is cut off (the client sees a failed transfer, never silently corrupt data). On S3 a file of at least
 * SIGNED_DOWNLOAD_MIN_BYTES is a 302 to a signed bucket URL instead: the client then gets the bucket's bytes, which
 * this check does not see.
 */
export async function gzipFileResponse(req: Request, { key, sha256 }: { key: string; sha256: string }): Promise<Response> {
  const etag = `"${sha256}"`;
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers: { etag } });
  const stored = await storage().stat(key);
  if (!stored) throw new Error(`exchange file missing from storage: ${key}`);
  // A large file comes straight from the bucket. The plugin (python-requests) follows a 302 for GET and compares the
  // final response's Content-Type to application/gzip exactly, so the signed URL sets that type (docs/deployment.md).
  const redirect = await signedDownloadRedirect(stored, { contentType: "application/gzip" });
  if (redirect) return redirect;
  let opened;
  try {
    opened = await storage().openRead(key);
  } catch (error) {
    if (error instanceof StorageNotFoundError) throw new Error(`exchange file missing from storage: ${key}`);
    throw error;
  }
  const hash = createHash("sha256");
  const checked = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      const actual = hash.digest("hex");
      if (actual === sha256) return callback();
      log.error("exchange file does not match its checksum", { key });
      callback(new Error("checksum mismatch"));
    },
  });
  opened.body.on("error", (error) => checked.destroy(error));
  const body = responseBody(opened.body.pipe(checked));
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "application/gzip",
      "content-length": String(opened.object.bytes),
      etag,
      "cache-control": "private, no-store",
    },
  });
}

/** Deletes stored files (purge); a file already gone is not an error. */
export async function deleteExchangeFiles(keys: string[]): Promise<void> {
  for (const key of keys) await storage().delete(key);
}
