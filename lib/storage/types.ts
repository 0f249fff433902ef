import type { Readable } from "node:stream";

/** What is known about a stored object once it is complete. */
export type StoredObject = {
  key: string;
  bytes: number;
  /** Hex SHA-256 of the whole object, computed while it was written. */
  sha256: string;
  contentType: string;
  createdAt: Date;
};

/**
 * A streamed write in progress. Nothing is visible under the key until `complete()`; `abort()` discards what was
 * written. Chunks are written in order; `write` resolves when the chunk may be reused (backpressure). On S3 this is a
 * multipart upload: parts of at least 5 MiB, the last one any size (S3 quotas: 10,000 parts).
 */
export interface Upload {
  readonly key: string;
  write(chunk: Uint8Array): Promise<void>;
  complete(): Promise<StoredObject>;
  abort(): Promise<void>;
  /** Bytes accepted so far. */
  readonly bytes: number;
}

/** How a signed download URL answers: for how long, and the headers the download gets. */
export type SignedDownloadOptions = {
  expiresInSeconds: number;
  /** Sent as an attachment under this name. */
  filename?: string;
  /** Content-Type of the download (a client may compare it exactly, as nbgrader's plugin does). */
  contentType?: string;
  /** When the URL was signed (its validity starts then); now unless given (tests). */
  signedAt?: Date;
};

/** A byte range to read, inclusive of both ends (as in an HTTP Range header). */
export type ByteRange = { start: number; end: number };

/**
 * Lantern's one storage interface (lib/storage): a local directory by default, an S3-compatible bucket for scale-out.
 * Keys are relative paths of `[A-Za-z0-9._-]` segments joined by `/`.
 */
export interface ObjectStorage {
  readonly kind: string;
  /** Starts a streamed write to `key` (replacing any object there once completed). */
  createUpload(key: string, options: { contentType: string }): Promise<Upload>;
  /** The object's metadata, or null when there is none. */
  stat(key: string): Promise<StoredObject | null>;
  /** Streams the object (or a range of it); throws StorageNotFoundError when it does not exist. */
  openRead(key: string, options?: { range?: ByteRange }): Promise<{ object: StoredObject; body: Readable }>;
  /**
   * A URL that serves the object straight from the store until it expires, for stores that have such URLs (S3);
   * absent on stores that do not (a local directory).
   */
  signedDownloadUrl?(key: string, options: SignedDownloadOptions): Promise<string>;
  /** Deletes the object; deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
}

export class StorageNotFoundError extends Error {
  constructor(key: string) {
    super(`No stored object at ${key}`);
    this.name = "StorageNotFoundError";
  }
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Throws unless `key` is a safe relative object key (no `..`, no absolute paths, no odd characters). */
export function assertValidKey(key: string): void {
  const segments = key.split("/");
  if (key.length > 512 || segments.length > 8 || !segments.every((s) => SEGMENT.test(s) && s !== "." && s !== "..")) {
    throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
  }
}
