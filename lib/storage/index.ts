import path from "node:path";
import { Writable } from "node:stream";
import { env } from "@/lib/env";
import { LocalStorage } from "./local";
import type { ObjectStorage, StoredObject, Upload } from "./types";

export { StorageNotFoundError, type ByteRange, type ObjectStorage, type StoredObject, type Upload } from "./types";

const holder = globalThis as unknown as { __lanternStorage?: ObjectStorage };

/** The process's object storage: a local directory (STORAGE_DIR, default DATA_DIR/storage). */
export function storage(): ObjectStorage {
  holder.__lanternStorage ??= new LocalStorage(path.resolve(/*turbopackIgnore: true*/ env().STORAGE_DIR));
  return holder.__lanternStorage;
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
