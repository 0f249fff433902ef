import { createHash } from "node:crypto";
import { PassThrough, Readable } from "node:stream";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload as S3MultipartUpload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import {
  assertValidKey,
  StorageNotFoundError,
  type ByteRange,
  type ObjectStorage,
  type SignedDownloadOptions,
  type StoredObject,
  type Upload,
} from "./types";
import { attachment, type S3Settings } from "./s3-settings";

export { attachment, parseStorageUrl, type S3Settings } from "./s3-settings";

type Meta = { sha256: string; contentType: string; bytes: number; createdAt: string };

/**
 * Objects in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO). Writes stream through `@aws-sdk/lib-storage`
 * (one PutObject when small, else a multipart upload that only becomes an object on CompleteMultipartUpload, and
 * is aborted on failure). The SHA-256 is only known once the last byte is written, and S3's own multipart checksums
 * are checksums of parts (and R2 has no object tagging), so it goes into a small `<key>.meta.json` object written
 * after the data: an object counts as stored only once that exists, like LocalStorage's metadata file.
 */
export class S3Storage implements ObjectStorage {
  readonly kind = "s3";
  readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.credentials,
      // Checksums of the SDK's own choosing (CRC32 trailers, aws-chunked bodies) are not understood by every
      // S3-compatible server; Lantern checks SHA-256 end to end itself.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  get bucket(): string {
    return this.settings.bucket;
  }

  /** The bucket key of a Lantern key. */
  objectKey(key: string): string {
    assertValidKey(key);
    return `${this.settings.prefix}${key}`;
  }

  async createUpload(key: string, { contentType }: { contentType: string }): Promise<Upload> {
    return new S3Upload(this, key, this.objectKey(key), contentType, {
      partSize: this.settings.partSize ?? 8 * 1024 * 1024,
      queueSize: this.settings.queueSize ?? 2,
    });
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: `${this.objectKey(key)}.meta.json` }));
      const meta = JSON.parse(await out.Body!.transformToString()) as Meta;
      return { key, bytes: meta.bytes, sha256: meta.sha256, contentType: meta.contentType, createdAt: new Date(meta.createdAt) };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async openRead(key: string, options: { range?: ByteRange } = {}): Promise<{ object: StoredObject; body: Readable }> {
    const object = await this.stat(key);
    if (!object) throw new StorageNotFoundError(key);
    const range = options.range ? `bytes=${options.range.start}-${options.range.end}` : undefined;
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Range: range }));
      return { object, body: out.Body as Readable };
    } catch (error) {
      if (isNotFound(error)) throw new StorageNotFoundError(key);
      throw error;
    }
  }

  /** A time-limited GET URL for the object, for clients that download straight from the bucket. */
  async signedDownloadUrl(key: string, { expiresInSeconds, filename, contentType, signedAt }: SignedDownloadOptions): Promise<string> {
    const disposition = filename ? attachment(filename) : undefined;
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: this.objectKey(key),
      ResponseContentDisposition: disposition,
      ResponseContentType: contentType,
    });
    return getSignedUrl(this.client, command, { expiresIn: expiresInSeconds, signingDate: signedAt });
  }

  async delete(key: string): Promise<void> {
    const objectKey = this.objectKey(key);
    // The metadata goes first: from then on the object is not stored, even if deleting the data fails.
    await this.client.send(
      new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: [{ Key: `${objectKey}.meta.json` }, { Key: objectKey }], Quiet: true } }),
    );
  }

  /** Writes the metadata object that makes a completed upload visible. */
  async putMeta(objectKey: string, meta: Meta): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: `${objectKey}.meta.json`, Body: JSON.stringify(meta), ContentType: "application/json" }),
    );
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404);
}

/**
 * A push-style write (Lantern's Upload) over lib-storage's pull-style one: chunks go into a PassThrough that the
 * SDK reads in parts. `write` waits while the PassThrough is full, so memory stays at a few parts whatever the
 * object's size; if the SDK fails meanwhile, the waiting write rejects instead of hanging.
 */
class S3Upload implements Upload {
  private readonly hash = createHash("sha256");
  private readonly stream = new PassThrough({ highWaterMark: 1024 * 1024 });
  private readonly sdk: S3MultipartUpload;
  private readonly finished: Promise<unknown>;
  private failure: Error | null = null;
  private written = 0;
  private done = false;

  constructor(
    private readonly store: S3Storage,
    readonly key: string,
    private readonly objectKey: string,
    private readonly contentType: string,
    { partSize, queueSize }: { partSize: number; queueSize: number },
  ) {
    this.sdk = new S3MultipartUpload({
      client: store.client,
      params: { Bucket: store.bucket, Key: objectKey, Body: this.stream, ContentType: contentType },
      partSize,
      queueSize,
      // On failure the SDK sends AbortMultipartUpload, so no parts are left behind to pay for.
      leavePartsOnError: false,
    });
    this.finished = this.sdk.done();
    this.finished.catch((error: Error) => {
      this.failure ??= error;
      this.stream.destroy();
    });
  }

  get bytes(): number {
    return this.written;
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.done) throw new Error("upload already finished");
    if (this.failure) throw this.failure;
    this.hash.update(chunk);
    this.written += chunk.byteLength;
    if (this.stream.write(chunk)) return;
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => (cleanup(), resolve());
      const onClose = () => (cleanup(), reject(this.failure ?? new Error("upload stream closed")));
      const cleanup = () => {
        this.stream.off("drain", onDrain);
        this.stream.off("close", onClose);
      };
      this.stream.on("drain", onDrain);
      this.stream.on("close", onClose);
    });
  }

  async complete(): Promise<StoredObject> {
    if (this.done) throw new Error("upload already finished");
    this.done = true;
    if (this.failure) throw this.failure;
    this.stream.end();
    await this.finished;
    const object: StoredObject = {
      key: this.key,
      bytes: this.written,
      sha256: this.hash.digest("hex"),
      contentType: this.contentType,
      createdAt: new Date(),
    };
    await this.store.putMeta(this.objectKey, {
      sha256: object.sha256,
      contentType: object.contentType,
      bytes: object.bytes,
      createdAt: object.createdAt.toISOString(),
    });
    return object;
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    // Failing the body (rather than lib-storage's abort(), which settles before its cleanup runs) makes the SDK
    // send AbortMultipartUpload before `finished` settles, so once this resolves no upload is left open.
    this.failure ??= new Error("upload aborted");
    this.stream.destroy(this.failure);
    await this.finished.catch(() => {});
  }
}
