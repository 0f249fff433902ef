import path from "node:path";
import { Writable } from "node:stream";
import { env, type Env } from "@/lib/env";
import { LocalStorage } from "./local";
import type { S3Storage } from "./s3";
import { parseStorageUrl, type S3Settings } from "./s3-settings";
import type { ByteRange, ObjectStorage, SignedDownloadOptions, StoredObject, Upload } from "./types";

export { StorageNotFoundError, type ByteRange, type ObjectStorage, type StoredObject, type Upload } from "./types";
export { attachment } from "./s3-settings";

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
  return new DeferredS3Storage({
    ...parseStorageUrl(e.STORAGE_URL),
    region: e.S3_REGION,
    endpoint: e.S3_ENDPOINT,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
    credentials: e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY } : undefined,
  });
}

/**
 * The bucket, with the AWS SDK (./s3) loaded on first use: every process imports this module, and the SDK costs
 * ~10 MB of RSS in one that never touches a bucket (local storage; issue 15's export worker).
 */
export class DeferredS3Storage implements ObjectStorage {
  readonly kind = "s3";
  private loading: Promise<S3Storage> | undefined;

  constructor(readonly settings: S3Settings) {}

  /** The S3Storage itself. */
  ready(): Promise<S3Storage> {
    this.loading ??= import("./s3").then(({ S3Storage }) => new S3Storage(this.settings));
    return this.loading;
  }

  async createUpload(key: string, options: { contentType: string }): Promise<Upload> {
    return (await this.ready()).createUpload(key, options);
  }

  async stat(key: string): Promise<StoredObject | null> {
    return (await this.ready()).stat(key);
  }

  async openRead(key: string, options?: { range?: ByteRange }) {
    return (await this.ready()).openRead(key, options);
  }

  async signedDownloadUrl(key: string, options: SignedDownloadOptions): Promise<string> {
    return (await this.ready()).signedDownloadUrl(key, options);
  }

  async delete(key: string): Promise<void> {
    return (await this.ready()).delete(key);
  }
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
