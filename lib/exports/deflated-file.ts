import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import { crc32, createDeflateRaw } from "node:zlib";

/**
 * A file deflated as it is written (raw DEFLATE, RFC 1951), for a large zip entry built while other entries are being
 * added: zlib works on libuv's thread pool, so the compression runs on the second core beside the builder instead
 * of after it (the ProgSnap2 MainTable: 250 MB of CSV took ~6 s to deflate once the table was done; issue 15's bench).
 * The CRC-32 and size of the uncompressed bytes are kept for the zip records (ZipWriter.addDeflated).
 */
export class DeflatedFile {
  private readonly deflate = createDeflateRaw({ level: 6, chunkSize: 256 * 1024 });
  private readonly done: Promise<void>;
  crc = 0;
  size = 0;

  constructor(readonly path: string) {
    this.done = pipeline(this.deflate, createWriteStream(path));
    // A failure surfaces from end(); until then keep it from being an unhandled rejection.
    this.done.catch(() => undefined);
  }

  /** Adds bytes; resolves once zlib can take more (backpressure). */
  async write(chunk: Buffer): Promise<void> {
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    if (!this.deflate.write(chunk)) await Promise.race([once(this.deflate, "drain"), this.done]);
  }

  /** Flushes the compressor and closes the file. */
  async end(): Promise<{ crc: number; size: number }> {
    this.deflate.end();
    await this.done;
    return { crc: this.crc, size: this.size };
  }
}
