import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import type { TransformOptions } from "node:stream";
import { constants, crc32, createDeflateRaw, type ZlibOptions } from "node:zlib";

/**
 * A file deflated as it is written (raw DEFLATE, RFC 1951), for a large zip entry built while other entries are being
 * added: zlib works on libuv's thread pool, so the compression runs on the second core beside the builder instead
 * of after it (the ProgSnap2 MainTable: 250 MB of CSV took ~6 s to deflate once the table was done; issue 15's bench).
 * The CRC-32 and size of the uncompressed bytes are kept for the zip records (ZipWriter.addDeflated).
 *
 * Level 3, not zlib's default 6: on a CSV main table it is 2.8× faster for 26% more compressed bytes (272 MB of
 * MainTable: 0.86 s and 28.0 MB against 2.37 s and 22.2 MB), and the build's cores are the bottleneck, not its disk.
 *
 * `fragment`: the file ends with a sync flush instead of a final block, so fragments built apart can be joined
 * (joinedDeflate below): a raw DEFLATE stream is a sequence of blocks, and one compressor's blocks never refer back
 * into another's bytes.
 */
const QUEUE_BYTES = 4 * 1024 * 1024;

export class DeflatedFile {
  private readonly deflate;
  private readonly done: Promise<void>;
  crc = 0;
  size = 0;

  constructor(
    readonly path: string,
    { fragment = false }: { fragment?: boolean } = {},
  ) {
    // Up to 4 MiB queued for the compressor (and for the disk after it) before a writer waits: with the defaults
    // (16 KiB) each 256 KiB chunk of the MainTable waited for zlib to finish it (issue 15's bench). zlib passes its
    // options on to the Transform it is (the stream options are not in ZlibOptions' type).
    const options: ZlibOptions & TransformOptions = {
      level: 3,
      chunkSize: 256 * 1024,
      finishFlush: fragment ? constants.Z_SYNC_FLUSH : constants.Z_FINISH,
      writableHighWaterMark: QUEUE_BYTES,
      readableHighWaterMark: QUEUE_BYTES,
    };
    this.deflate = createDeflateRaw(options);
    this.done = pipeline(this.deflate, createWriteStream(path, { highWaterMark: QUEUE_BYTES }));
    // A failure surfaces from end(); until then keep it from being an unhandled rejection.
    this.done.catch(() => undefined);
  }

  /** Adds bytes; resolves once zlib can take more (backpressure). */
  async write(chunk: Buffer): Promise<void> {
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    if (!this.deflate.write(chunk)) await Promise.race([once(this.deflate, "drain"), this.done]);
  }

  private ended: Promise<{ crc: number; size: number }> | null = null;

  /** Flushes the compressor and closes the file (once; later calls give the same answer). */
  end(): Promise<{ crc: number; size: number }> {
    this.ended ??= (async () => {
      this.deflate.end();
      await this.done;
      return { crc: this.crc, size: this.size };
    })();
    return this.ended;
  }
}

/** A final empty fixed-Huffman block (BFINAL=1, BTYPE=01, end-of-block code): ends a chain of joined fragments. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

/** The bytes of deflated fragments (DeflatedFile with `fragment`) one after another, made one DEFLATE stream. */
export async function* joinedDeflate(parts: AsyncIterable<Uint8Array>[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield* part;
  yield FINAL_BLOCK;
}
