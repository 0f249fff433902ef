import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertValidKey, StorageNotFoundError, type ObjectStorage, type StoredObject, type Upload } from "./types";

type Meta = { sha256: string; contentType: string; bytes: number; createdAt: string };

/**
 * Objects as files under one directory. A write goes to a hidden temporary file and is renamed into place on
 * completion, so readers never see a partial object; metadata (checksum, content type) sits in a `.meta.json` beside it.
 */
export class LocalStorage implements ObjectStorage {
  readonly kind = "local";
  constructor(private readonly root: string) {}

  private file(key: string): string {
    assertValidKey(key);
    return path.join(this.root, ...key.split("/"));
  }

  async createUpload(key: string, { contentType }: { contentType: string }): Promise<Upload> {
    const target = this.file(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = path.join(path.dirname(target), `.upload-${randomBytes(6).toString("hex")}`);
    // Up to 4 MiB queued before a writer waits: with the default 16 KiB every chunk (exports hand on 256 KiB) waited
    // for its disk write, and a million-event ProgSnap2 build sat idle for it (issue 15's bench).
    const out = createWriteStream(temp, { flags: "wx", highWaterMark: 4 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => out.once("open", () => resolve()).once("error", reject));
    return new LocalUpload(key, target, temp, out, contentType);
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const meta = JSON.parse(await readFile(`${this.file(key)}.meta.json`, "utf8")) as Meta;
      return { key, bytes: meta.bytes, sha256: meta.sha256, contentType: meta.contentType, createdAt: new Date(meta.createdAt) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async openRead(key: string, options: { range?: { start: number; end: number } } = {}) {
    const object = await this.stat(key);
    if (!object) throw new StorageNotFoundError(key);
    const body = createReadStream(this.file(key), options.range ? { start: options.range.start, end: options.range.end } : {});
    return { object, body };
  }

  async delete(key: string): Promise<void> {
    const file = this.file(key);
    await rm(`${file}.meta.json`, { force: true });
    await rm(file, { force: true });
  }
}

class LocalUpload implements Upload {
  private readonly hash = createHash("sha256");
  private written = 0;
  private failed: Error | null = null;
  private done = false;

  constructor(
    readonly key: string,
    private readonly target: string,
    private readonly temp: string,
    private readonly out: WriteStream,
    private readonly contentType: string,
  ) {
    out.on("error", (error) => (this.failed = error));
  }

  get bytes(): number {
    return this.written;
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.done) throw new Error("upload already finished");
    if (this.failed) throw this.failed;
    this.hash.update(chunk);
    this.written += chunk.byteLength;
    if (!this.out.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        this.out.once("drain", () => {
          this.out.off("error", onError);
          resolve();
        });
        this.out.once("error", onError);
      });
    }
  }

  async complete(): Promise<StoredObject> {
    if (this.done) throw new Error("upload already finished");
    this.done = true;
    await new Promise<void>((resolve, reject) => this.out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (this.failed) throw this.failed;
    const object: StoredObject = {
      key: this.key,
      bytes: this.written,
      sha256: this.hash.digest("hex"),
      contentType: this.contentType,
      createdAt: new Date(),
    };
    const meta: Meta = { sha256: object.sha256, contentType: object.contentType, bytes: object.bytes, createdAt: object.createdAt.toISOString() };
    await writeFile(`${this.target}.meta.json`, JSON.stringify(meta));
    await rename(this.temp, this.target);
    // Sanity check: the file on disk has the size we counted.
    if ((await stat(this.target)).size !== this.written) throw new Error(`stored size of ${this.key} differs from what was written`);
    return object;
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    if (!this.out.closed) await new Promise<void>((resolve) => this.out.once("close", () => resolve()).destroy());
    await rm(this.temp, { force: true });
  }
}
