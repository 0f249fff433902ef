import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import busboy from "busboy";
import { storage, type StoredObject, type Upload } from "@/lib/storage";

/** Form fields of a multipart body, in order, repeated names kept. */
export type FormFields = [name: string, value: string][];

export type UploadOutcome<T> =
  /** The body was not multipart, had no file in the expected field, or was empty: nothing was stored. */
  | { kind: "no_file"; fields: FormFields; otherFiles: number }
  | { kind: "empty_file"; fields: FormFields }
  | { kind: "too_large" }
  /** `accept` refused the upload before any byte was stored. */
  | { kind: "refused"; refusal: T }
  | { kind: "stored"; object: StoredObject; filename: string; fields: FormFields };

/** Thrown (as a 413) when a body grows past the limit while streaming. */
class TooLarge extends Error {}

/**
 * Streams the file in multipart field `fileField` straight into object storage under the key `accept` returns
 * (never holding the whole body in memory), hashing it on the way and checking what was stored against what was
 * received. `accept` runs when the file part starts, with the form fields seen so far (clients send fields first),
 * and may refuse; nothing is stored then. A body over `maxBytes` is refused from its Content-Length before reading,
 * or as soon as it passes the limit; a client that disconnects mid-upload leaves nothing behind (the storage write
 * is aborted, and nothing is visible under a key until it completes).
 */
export async function receiveUpload<T>(
  req: Request,
  {
    fileField,
    maxBytes,
    contentType,
    accept,
  }: {
    fileField: string;
    maxBytes: number;
    contentType: string;
    accept: (fields: FormFields) => Promise<{ key: string } | { refusal: T }>;
  },
): Promise<UploadOutcome<T>> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    await req.body?.cancel().catch(() => {});
    return { kind: "too_large" };
  }
  const type = req.headers.get("content-type") ?? "";
  if (!req.body || !/^multipart\/form-data/i.test(type)) {
    await req.body?.cancel().catch(() => {});
    return { kind: "no_file", fields: [], otherFiles: 0 };
  }

  const fields: FormFields = [];
  let otherFiles = 0;
  let result: UploadOutcome<T> | null = null;
  let pending: Promise<void> = Promise.resolve();
  let upload: Upload | null = null;

  const body = Readable.fromWeb(req.body as import("node:stream/web").ReadableStream<Uint8Array>);
  let received = 0;
  const parser = busboy({ headers: { "content-type": type }, limits: { fields: 1000, fieldSize: 1024 * 1024, parts: 1100 } });

  let stop: () => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    stop = resolve;
    parser.on("field", (name, value) => fields.push([name, value]));
    parser.on("file", (name, stream, info) => {
      if (name !== fileField || result || upload) {
        if (name !== fileField) otherFiles++;
        stream.resume();
        return;
      }
      // Pause the part until `accept` has decided (backpressure holds the request body meanwhile).
      stream.pause();
      pending = (async () => {
        const decision = await accept([...fields]);
        if ("refusal" in decision) {
          result = { kind: "refused", refusal: decision.refusal };
          // Stop reading: the rest of a refused body is never read.
          body.unpipe(parser);
          body.destroy();
          stop();
          return;
        }
        const current = await storage().createUpload(decision.key, { contentType });
        upload = current;
        for await (const chunk of stream as AsyncIterable<Buffer>) await current.write(chunk);
        if ((stream as unknown as { truncated?: boolean }).truncated) throw new TooLarge();
        if (current.bytes === 0) {
          await current.abort();
          upload = null;
          result = { kind: "empty_file", fields };
          return;
        }
        const object = await current.complete();
        upload = null;
        result = { kind: "stored", object, filename: info.filename ?? "", fields };
      })();
      pending.catch(reject);
    });
    parser.on("error", reject);
    parser.on("close", () => pending.then(resolve, reject));
  });

  body.on("data", (chunk: Buffer) => {
    received += chunk.byteLength;
    if (received > maxBytes) body.destroy(new TooLarge());
  });
  body.on("error", (error) => parser.destroy(error));
  body.pipe(parser);

  try {
    await done;
  } catch (error) {
    // The part being written settles first (its stream errors or ends once the parser is gone), so nothing is left
    // half-written behind this answer.
    await pending.catch(() => {});
    const stranded = upload as Upload | null;
    if (stranded) await stranded.abort();
    const finished = result as UploadOutcome<T> | null;
    if (finished?.kind === "refused") return finished;
    if (finished?.kind === "stored") await storage().delete(finished.object.key);
    if (error instanceof TooLarge || received > maxBytes) return { kind: "too_large" };
    throw error;
  }
  const outcome = result as UploadOutcome<T> | null;
  if (!outcome) return { kind: "no_file", fields, otherFiles };
  if (outcome.kind === "stored") await verifyStored(outcome.object);
  return outcome;
}

/** Re-reads what storage now holds under the key and checks its size and checksum against what was received. */
async function verifyStored(object: StoredObject): Promise<void> {
  const { body } = await storage().openRead(object.key);
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  if (bytes !== object.bytes || hash.digest("hex") !== object.sha256) {
    await storage().delete(object.key);
    throw new Error(`stored object ${object.key} does not match the upload (size or checksum)`);
  }
}
