import path from "node:path";
import { Writable } from "node:stream";
import { env, type Env } from "@/lib/env";
import { LocalStorage } from "./local";
import { parseStorageUrl, S3Storage } from "./s3";
import type { ObjectStorage, StoredObject, Upload } from "./types";

export { StorageNotFoundError, type ByteRange, type ObjectStorage, type StoredObject, type Upload } from "./types";
export { attachment } from "./s3";

const holder = globalThis as unknown as { __lanternStorage?: ObjectStorage };

/**
 * The process's object storage: an S3-compatible bucket when STORAGE_URL is set (needed as soon as more than one
 * machine serves Lantern), else a local directory (STORAGE_DIR, default DATA_DIR/storage).
 */
export function storage(): ObjectStorage {
  holder.__lanternStorage ??= configuredStorage(env());
  return holder.__lanternStorage;
}

/** The storage the settings describe. */
export function configuredStorage(e: Env): ObjectStorage {
  if (!e.STORAGE_URL) return new LocalStorage(path.resolve(/*turbopackIgnore: true*/ e.STORAGE_DIR));
  return new S3Storage({
    ...parseStorageUrl(e.STORAGE_URL),
    region: e.S3_REGION,
    endpoint: e.S3_ENDPOINT,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
    credentials: e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY } : undefined,
  });
}

/** Test hook: use another storage (or reset to the configured one with undefined). */
export function setStorageForTests(value: ObjectStorage | undefined): void {
  holder.__lanternStorage = value;
}

/** A Node Writable over an Upload, so zip and CSV writers can `pipeline()` into storage with backpressure. */
export function uploadWritable(upload: Upload): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      upload.write(chunk).then(() => callback(), callback);
    },
  });
}

/** Stores a whole stream under `key` (aborting the upload if the stream fails). */
export async function putStream(
  key: string,
  body: AsyncIterable<Uint8Array>,
  { contentType }: { contentType: string },
): Promise<StoredObject> {
  const upload = await storage().createUpload(key, { contentType });
  try {
    for await (const chunk of body) await upload.write(chunk);
    return await upload.complete();
  } catch (error) {
    await upload.abort();
    throw error;
  }
}

/** How long a signed download URL works: enough to start the download (which then runs to the end), no more. */
export const SIGNED_DOWNLOAD_SECONDS = 60;

/**
 * A redirect (302) to a short-lived signed URL for the object, when storage is a bucket and the object is at least
 * SIGNED_DOWNLOAD_MIN_BYTES: the bytes then go from the bucket to the client without passing through this instance
 * (a Vercel function cannot answer more than 4.5 MB). Null: stream it. The caller must have authorized the download.
 */
export async function signedDownloadRedirect(
  object: StoredObject,
  { filename, contentType }: { filename?: string; contentType: string },
): Promise<Response | null> {
  const store = storage();
  const minBytes = env().SIGNED_DOWNLOAD_MIN_BYTES;
  if (!store.signedDownloadUrl || minBytes === null || object.bytes < minBytes) return null;
  const url = await store.signedDownloadUrl(object.key, { expiresInSeconds: SIGNED_DOWNLOAD_SECONDS, filename, contentType });
  return new Response(null, {
    status: 302,
    headers: {
      location: url,
      // The URL is a bearer credential for a minute: not to be cached or passed on as a Referer.
      "cache-control": "private, no-store",
      "referrer-policy": "no-referrer",
    },
  });
}
