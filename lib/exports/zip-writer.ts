import { createReadStream } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { constants, createDeflateRaw, crc32, deflateRawSync } from "node:zlib";
import { readCentralDirectory, type CentralRecord } from "./zip-fragment";

// A streaming ZIP writer (PKWARE APPNOTE 6.3.10: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT).
// Entries are written one after another straight to the sink; only each entry's central-directory record is kept,
// packed into 1 MiB slabs (spilled to a file when one is given: 441,000 code states are 40 MB of records). ZIP64 records are added where a count, size or offset overflows the classic fields, and
// streamed entries always use ZIP64 data descriptors (their size is not known in advance). Small files are stored
// rather than deflated: zlib's per-call set-up costs more than it saves on a few hundred bytes of code.

const SMALL_FILE = 4096;
/** Bytes queued before they go to the sink; also the size of queueFile's encoding slabs. */
const OUT_SLAB = 256 * 1024;
const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const FLAG_DATA_DESCRIPTOR = 1 << 3;
const FLAG_UTF8 = 1 << 11;

type Sink = (chunk: Buffer) => Promise<void>;

function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getUTCFullYear());
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

const DOT_DOT_SEGMENT = /(?:^|\/)\.\.(?:\/|$)/;

function assertEntryName(name: string): void {
  if (!name || name.startsWith("/") || name.includes("\\") || DOT_DOT_SEGMENT.test(name) || Buffer.byteLength(name) > MAX16) {
    throw new Error(`invalid zip entry name ${JSON.stringify(name)}`);
  }
}

export class ZipWriter {
  private offset = 0;
  private entries = 0;
  private slabs: Buffer[] = [];
  private slab = Buffer.alloc(1 << 20);
  private slabUsed = 0;
  private out: Buffer[] = [];
  private outBytes = 0;
  /** Where queueFile encodes small entries: [outSlabStart, outSlabUsed) is queued but not yet in `out`. */
  private outSlab = Buffer.allocUnsafe(OUT_SLAB);
  private outSlabStart = 0;
  private outSlabUsed = 0;
  private draining: Promise<void> = Promise.resolve();
  private spilling: Promise<void> = Promise.resolve();
  private readonly dos: { time: number; date: number };
  private finished = false;
  private readonly spillPath: string | null;
  private spill: FileHandle | null = null;

  /**
   * `centralDirectoryFile`: keep the central-directory records in this (scratch) file instead of memory; needed for
   * fragment(), which hands them to another writer.
   */
  constructor(
    private readonly sink: Sink,
    { mtime = new Date(), centralDirectoryFile = null }: { mtime?: Date; centralDirectoryFile?: string | null } = {},
  ) {
    this.dos = dosDateTime(mtime);
    this.spillPath = centralDirectoryFile;
  }

  /** Bytes of the archive written so far. */
  get bytes(): number {
    return this.offset;
  }

  /** Queues bytes; true when the caller should `await this.drain()` (about 256 KiB are waiting). */
  private emit(chunk: Buffer): boolean {
    this.cutSlab();
    this.out.push(chunk);
    this.outBytes += chunk.byteLength;
    this.offset += chunk.byteLength;
    return this.outBytes >= OUT_SLAB;
  }

  /**
   * Hands what is queued to the sink. Chunks are taken in call order and the sink is called for one at a time (a
   * chain), so callers that queue without awaiting (queueFile) keep the archive's byte order.
   */
  private drain(): Promise<void> {
    this.cutSlab();
    if (this.outBytes === 0) return this.draining;
    const chunk = this.out.length === 1 ? this.out[0] : Buffer.concat(this.out, this.outBytes);
    this.out = [];
    this.outBytes = 0;
    this.draining = this.draining.then(() => this.sink(chunk));
    return this.draining;
  }

  /** Moves the filled part of the out-slab (queueFile's entries) to the queue, before bytes queued otherwise. */
  private cutSlab(): void {
    if (this.outSlabUsed === this.outSlabStart) return;
    this.out.push(this.outSlab.subarray(this.outSlabStart, this.outSlabUsed));
    this.outSlabStart = this.outSlabUsed;
  }

  private localHeader(name: Buffer, o: { flags: number; method: number; crc: number; csize: number; usize: number; zip64: boolean }) {
    const extra = o.zip64 ? Buffer.alloc(20) : Buffer.alloc(0);
    if (o.zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(16, 2); // sizes are in the data descriptor
    }
    const h = Buffer.allocUnsafe(30 + name.length + extra.length);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(o.zip64 ? 45 : 20, 4);
    h.writeUInt16LE(o.flags, 6);
    h.writeUInt16LE(o.method, 8);
    h.writeUInt16LE(this.dos.time, 10);
    h.writeUInt16LE(this.dos.date, 12);
    h.writeUInt32LE(o.crc, 14);
    h.writeUInt32LE(o.zip64 ? MAX32 : o.csize, 18);
    h.writeUInt32LE(o.zip64 ? MAX32 : o.usize, 22);
    h.writeUInt16LE(name.length, 26);
    h.writeUInt16LE(extra.length, 28);
    name.copy(h, 30);
    extra.copy(h, 30 + name.length);
    return h;
  }

  /**
   * An entry's central-directory record (APPNOTE 4.3.12), its name copied from `src` at `nameAt`, written field by
   * field into the current slab: no views or objects per entry (a ProgSnap2 dataset has hundreds of thousands;
   * issue 15's bench). `zip64Sizes`: an entry with a ZIP64 local header carries its sizes in the ZIP64 field too.
   */
  private record(
    src: Buffer,
    nameAt: number,
    nameLength: number,
    flags: number,
    method: number,
    crc: number,
    csize: number,
    usize: number,
    offset: number,
    zip64Sizes = false,
  ) {
    const bigU = zip64Sizes || usize >= MAX32;
    const bigC = zip64Sizes || csize >= MAX32;
    const bigO = offset >= MAX32;
    const extraLength = (bigU ? 8 : 0) + (bigC ? 8 : 0) + (bigO ? 8 : 0);
    const zip64 = extraLength > 0;
    const size = 46 + nameLength + (zip64 ? 4 + extraLength : 0);
    if (this.slabUsed + size > this.slab.length) {
      this.slabs.push(this.slab.subarray(0, this.slabUsed));
      this.slab = Buffer.alloc(Math.max(1 << 20, size));
      this.slabUsed = 0;
    }
    const r = this.slab;
    const at = this.slabUsed;
    r.writeUInt32LE(0x02014b50, at);
    r.writeUInt16LE((3 << 8) | 45, at + 4); // made by: Unix, spec 4.5
    r.writeUInt16LE(zip64 || flags & FLAG_DATA_DESCRIPTOR ? 45 : 20, at + 6);
    r.writeUInt16LE(flags, at + 8);
    r.writeUInt16LE(method, at + 10);
    r.writeUInt16LE(this.dos.time, at + 12);
    r.writeUInt16LE(this.dos.date, at + 14);
    r.writeUInt32LE(crc, at + 16);
    r.writeUInt32LE(bigC ? MAX32 : csize, at + 20);
    r.writeUInt32LE(bigU ? MAX32 : usize, at + 24);
    r.writeUInt16LE(nameLength, at + 28);
    r.writeUInt16LE(zip64 ? 4 + extraLength : 0, at + 30);
    r.writeUInt16LE(0, at + 32); // comment length
    r.writeUInt16LE(0, at + 34); // disk
    r.writeUInt16LE(0, at + 36); // internal attributes
    r.writeUInt32LE((0o100644 << 16) >>> 0, at + 38); // regular file, rw-r--r--
    r.writeUInt32LE(bigO ? MAX32 : offset, at + 42);
    src.copy(r, at + 46, nameAt, nameAt + nameLength);
    if (zip64) {
      // APPNOTE 4.5.3: the original size, compressed size and offset, each only where its field overflowed.
      let field = at + 46 + nameLength;
      r.writeUInt16LE(0x0001, field);
      r.writeUInt16LE(extraLength, field + 2);
      field += 4;
      if (bigU) field = r.writeBigUInt64LE(BigInt(usize), field);
      if (bigC) field = r.writeBigUInt64LE(BigInt(csize), field);
      if (bigO) r.writeBigUInt64LE(BigInt(offset), field);
    }
    this.slabUsed += size;
    this.entries++;
  }

  /** Adds a file whose content is in memory. */
  async addFile(entryName: string, data: Buffer | string): Promise<void> {
    if (this.finished) throw new Error("zip already finished");
    assertEntryName(entryName);
    const size = typeof data === "string" ? Buffer.byteLength(data, "utf8") : data.length;
    if (size < SMALL_FILE) return this.addSmallFile(entryName, data, size);
    const name = Buffer.from(entryName, "utf8");
    const raw = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    const crc = crc32(raw);
    const deflated = raw.length >= SMALL_FILE ? deflateRawSync(raw) : null;
    const body = deflated && deflated.length < raw.length ? deflated : raw;
    const method = body === raw ? 0 : 8;
    const offset = this.offset;
    this.emit(this.localHeader(name, { flags: FLAG_UTF8, method, crc, csize: body.length, usize: raw.length, zip64: false }));
    const full = this.emit(body);
    this.record(name, 0, name.length, FLAG_UTF8, method, crc, body.length, raw.length, offset);
    if (full) await this.drain();
    if (this.slabs.length) await this.queueSpill();
  }

  /**
   * Adds a small file without waiting: a stored entry encoded straight into the out-slab (header, name, content),
   * its record kept; larger content goes through addFile. Returns a promise only when bytes went to the sink or
   * records to the spill file (await it for backpressure; entries keep their call order either way). A ProgSnap2
   * dataset has hundreds of thousands of small code files, and an async call and a buffer each were a tenth of its
   * zip writing (issue 15's bench).
   */
  queueFile(entryName: string, text: string): Promise<void> | undefined {
    if (this.finished) throw new Error("zip already finished");
    assertEntryName(entryName);
    // At most 3 bytes of UTF-8 per UTF-16 code unit: exact lengths only when it might not fit.
    let size = text.length * 3 < SMALL_FILE ? -1 : Buffer.byteLength(text, "utf8");
    if (size >= SMALL_FILE) return this.addFile(entryName, text);
    const worst = 30 + entryName.length * 3 + (size === -1 ? text.length * 3 : size);
    if (this.outSlab.length - this.outSlabUsed < worst) {
      this.cutSlab();
      this.outSlab = Buffer.allocUnsafe(OUT_SLAB);
      this.outSlabStart = this.outSlabUsed = 0;
    }
    const at = this.outSlabUsed;
    const slab = this.outSlab;
    const nameLength = slab.write(entryName, at + 30, "utf8");
    size = slab.write(text, at + 30 + nameLength, "utf8");
    const total = this.writeStoredHeader(slab, at, nameLength, size);
    const offset = this.offset;
    this.outSlabUsed += total;
    this.outBytes += total;
    this.offset += total;
    this.record(slab, at + 30, nameLength, FLAG_UTF8, 0, slab.readUInt32LE(at + 14), size, size, offset);
    const drained = this.outBytes >= OUT_SLAB ? this.drain() : undefined;
    const spilled = this.slabs.length && this.spillPath ? this.queueSpill() : undefined;
    return drained && spilled ? Promise.all([drained, spilled]).then(() => undefined) : (drained ?? spilled);
  }

  /**
   * Fills in the local header (APPNOTE 4.3.7) of a stored UTF-8-named entry whose name and content are already at
   * `at + 30` in `b`; computes the CRC. Returns the entry's length.
   */
  private writeStoredHeader(b: Buffer, at: number, nameLength: number, size: number): number {
    const crc = crc32(b.subarray(at + 30 + nameLength, at + 30 + nameLength + size));
    b.writeUInt32LE(0x04034b50, at);
    b.writeUInt16LE(20, at + 4); // version needed: 2.0
    b.writeUInt16LE(FLAG_UTF8, at + 6);
    b.writeUInt16LE(0, at + 8); // stored
    b.writeUInt16LE(this.dos.time, at + 10);
    b.writeUInt16LE(this.dos.date, at + 12);
    b.writeUInt32LE(crc, at + 14);
    b.writeUInt32LE(size, at + 18);
    b.writeUInt32LE(size, at + 22);
    b.writeUInt16LE(nameLength, at + 26);
    b.writeUInt16LE(0, at + 28); // extra length
    return 30 + nameLength + size;
  }

  /** A stored (not deflated) entry, header, name and content encoded into one buffer. */
  private async addSmallFile(entryName: string, data: Buffer | string, size: number): Promise<void> {
    const nameLength = Buffer.byteLength(entryName, "utf8");
    const h = Buffer.allocUnsafe(30 + nameLength + size);
    h.write(entryName, 30, "utf8");
    if (typeof data === "string") h.write(data, 30 + nameLength, "utf8");
    else data.copy(h, 30 + nameLength);
    this.writeStoredHeader(h, 0, nameLength, size);
    const offset = this.offset;
    const full = this.emit(h);
    this.record(h, 30, nameLength, FLAG_UTF8, 0, h.readUInt32LE(14), size, size, offset);
    if (full) await this.drain();
    if (this.slabs.length) await this.queueSpill();
  }

  /** spillSlabs, one at a time (queueFile does not wait for the last). */
  private queueSpill(): Promise<void> {
    this.spilling = this.spilling.then(() => this.spillSlabs());
    return this.spilling;
  }

  /** Moves full slabs of central-directory records to the spill file (when there is one). */
  private async spillSlabs(): Promise<void> {
    if (!this.spillPath || this.slabs.length === 0) return;
    const slabs = this.slabs;
    this.slabs = [];
    this.spill ??= await open(this.spillPath, "w");
    for (const slab of slabs) await this.spill.write(slab);
  }

  /** Every central-directory record so far, in order: the spill file's, then those still in memory. */
  private async *centralRecords(): AsyncGenerator<Buffer> {
    await this.spilling;
    if (this.spill) {
      await this.spill.close();
      this.spill = null;
      for await (const chunk of createReadStream(this.spillPath!)) yield chunk as Buffer;
    }
    for (const slab of [...this.slabs, this.slab.subarray(0, this.slabUsed)]) yield slab;
    this.slabs = [];
  }

  /**
   * Ends a writer whose entries another writer will take in (appendFragment): its sink has every entry's bytes and
   * `centralDirectoryFile` their records. No end records are written.
   */
  async fragment(): Promise<{ bytes: number; entries: number }> {
    if (!this.spillPath) throw new Error("a zip fragment needs a centralDirectoryFile");
    if (this.finished) throw new Error("zip already finished");
    this.finished = true;
    await this.drain();
    this.slabs.push(this.slab.subarray(0, this.slabUsed));
    await this.queueSpill();
    this.spill ??= await open(this.spillPath, "w");
    await this.spill.close();
    this.spill = null;
    return { bytes: this.offset, entries: this.entries };
  }

  /**
   * Takes in the entries of a fragment (another writer's fragment()): copies `data`, its bytes, and re-records its
   * central directory at their new offsets. Entries for which `keep(name)` is false are left out, bytes and record.
   */
  async appendFragment({
    data,
    centralDirectory,
    bytes,
    keep = () => true,
  }: {
    data: AsyncIterable<Uint8Array>;
    centralDirectory: AsyncIterable<Uint8Array>;
    bytes: number;
    keep?: (name: string) => boolean;
  }): Promise<void> {
    if (this.finished) throw new Error("zip already finished");
    await this.drain();
    const base = this.offset;
    // Byte ranges of left-out entries in the fragment: [start, end), in order.
    const skips: [number, number][] = [];
    let skipped = 0;
    let dropping: CentralRecord | null = null;
    const endDrop = (end: number) => {
      if (!dropping) return;
      skips.push([dropping.offset, end]);
      skipped += end - dropping.offset;
      dropping = null;
    };
    for await (const records of readCentralDirectory(centralDirectory)) {
      for (const r of records) {
        endDrop(r.offset);
        if (r.flags & FLAG_DATA_DESCRIPTOR) throw new Error("zip fragments hold only addFile entries");
        if (!keep(r.name.toString("utf8"))) {
          dropping = r;
          continue;
        }
        this.record(r.name, 0, r.name.length, r.flags, r.method, r.crc, r.csize, r.usize, base + r.offset - skipped);
      }
      await this.queueSpill();
    }
    endDrop(bytes);
    let at = 0;
    let next = 0;
    for await (const piece of data) {
      const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
      const start = at;
      at += chunk.length;
      let from = start;
      // Emit the parts of [start, at) outside the skipped ranges.
      while (from < at) {
        while (next < skips.length && skips[next][1] <= from) next++;
        const skip = skips[next];
        if (!skip || skip[0] >= at) {
          this.emit(chunk.subarray(from - start));
          break;
        }
        if (skip[0] > from) this.emit(chunk.subarray(from - start, skip[0] - start));
        from = Math.min(at, skip[1]);
      }
      if (this.outBytes >= OUT_SLAB) await this.drain();
    }
    if (at !== bytes) throw new Error(`zip fragment is ${at} bytes, expected ${bytes}`);
  }

  /** Starts a deflated entry whose sizes and CRC follow its data (a ZIP64 data descriptor, APPNOTE 4.3.9). */
  private startDescribedEntry(entryName: string): { name: Buffer; flags: number; offset: number } {
    if (this.finished) throw new Error("zip already finished");
    assertEntryName(entryName);
    const name = Buffer.from(entryName, "utf8");
    const flags = FLAG_UTF8 | FLAG_DATA_DESCRIPTOR;
    const offset = this.offset;
    this.emit(this.localHeader(name, { flags, method: 8, crc: 0, csize: 0, usize: 0, zip64: true }));
    return { name, flags, offset };
  }

  /** Adds a file streamed from `source`, deflated on the way (size unknown in advance). */
  async addStream(entryName: string, source: AsyncIterable<Uint8Array>, { level = 6 }: { level?: number } = {}): Promise<void> {
    const { name, flags, offset } = this.startDescribedEntry(entryName);
    await this.drain();
    const deflate = createDeflateRaw({ level });
    let crc = 0;
    let usize = 0;
    let csize = 0;
    const compressed: Buffer[] = [];
    deflate.on("data", (chunk: Buffer) => compressed.push(chunk));
    const flushOut = async () => {
      for (let chunk = compressed.shift(); chunk; chunk = compressed.shift()) {
        csize += chunk.length;
        if (this.emit(chunk)) await this.drain();
      }
    };
    for await (const piece of source) {
      const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
      crc = crc32(chunk, crc);
      usize += chunk.length;
      if (!deflate.write(chunk)) await new Promise<void>((resolve) => deflate.once("drain", () => resolve()));
      await flushOut();
    }
    await new Promise<void>((resolve, reject) => {
      deflate.once("error", reject);
      deflate.end(() => resolve());
    });
    await new Promise<void>((resolve) => (deflate.readableEnded ? resolve() : deflate.once("end", () => resolve())));
    await flushOut();
    this.emit(this.descriptor(crc, csize, usize));
    this.record(name, 0, name.length, flags, 8, crc, csize, usize, offset, true);
  }

  /**
   * Adds a file already compressed with raw DEFLATE (DeflatedFile), copying its bytes: `crc` and `size` describe the
   * uncompressed content. Written with a ZIP64 data descriptor like addStream.
   */
  async addDeflated(entryName: string, compressed: AsyncIterable<Uint8Array>, { crc, size }: { crc: number; size: number }): Promise<void> {
    const { name, flags, offset } = this.startDescribedEntry(entryName);
    let csize = 0;
    for await (const piece of compressed) {
      const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
      csize += chunk.length;
      if (this.emit(chunk)) await this.drain();
    }
    this.emit(this.descriptor(crc, csize, size));
    this.record(name, 0, name.length, flags, 8, crc, csize, size, offset, true);
  }

  private descriptor(crc: number, csize: number, usize: number): Buffer {
    const d = Buffer.alloc(24);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(crc, 4);
    d.writeBigUInt64LE(BigInt(csize), 8);
    d.writeBigUInt64LE(BigInt(usize), 16);
    return d;
  }

  /** Writes the central directory and end records; the archive is complete after this. */
  async finish(): Promise<void> {
    if (this.finished) throw new Error("zip already finished");
    this.finished = true;
    const cdStart = this.offset;
    await this.drain();
    for await (const records of this.centralRecords()) if (this.emit(records)) await this.drain();
    const cdSize = this.offset - cdStart;
    const needs64 = this.entries >= MAX16 || cdStart >= MAX32 || cdSize >= MAX32;
    if (needs64) {
      const zip64EndAt = this.offset;
      const end64 = Buffer.alloc(56);
      end64.writeUInt32LE(0x06064b50, 0);
      end64.writeBigUInt64LE(44n, 4);
      end64.writeUInt16LE((3 << 8) | 45, 12);
      end64.writeUInt16LE(45, 14);
      end64.writeUInt32LE(0, 16);
      end64.writeUInt32LE(0, 20);
      end64.writeBigUInt64LE(BigInt(this.entries), 24);
      end64.writeBigUInt64LE(BigInt(this.entries), 32);
      end64.writeBigUInt64LE(BigInt(cdSize), 40);
      end64.writeBigUInt64LE(BigInt(cdStart), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeUInt32LE(0, 4);
      locator.writeBigUInt64LE(BigInt(zip64EndAt), 8);
      locator.writeUInt32LE(1, 16);
      this.emit(Buffer.concat([end64, locator]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(0, 4);
    end.writeUInt16LE(0, 6);
    end.writeUInt16LE(Math.min(this.entries, MAX16), 8);
    end.writeUInt16LE(Math.min(this.entries, MAX16), 10);
    end.writeUInt32LE(Math.min(cdSize, MAX32), 12);
    end.writeUInt32LE(Math.min(cdStart, MAX32), 16);
    end.writeUInt16LE(0, 20);
    this.emit(end);
    await this.drain();
  }
}

export const ZIP_CONSTANTS = { SMALL_FILE, level: constants.Z_DEFAULT_COMPRESSION };
