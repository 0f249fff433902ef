// Reading back the central-directory records a ZipWriter wrote (APPNOTE 4.3.12, with the ZIP64 extended
// information extra field of 4.5.3), so ZipWriter.appendFragment can re-record another writer's entries at new offsets.

export type CentralRecord = { name: Buffer; flags: number; method: number; crc: number; csize: number; usize: number; offset: number };

const SIGNATURE = 0x02014b50;
const FIXED = 46;
const MAX32 = 0xffffffff;

/** One record at `at` in `buf`, or null when `buf` ends before the record does. */
function parseRecord(buf: Buffer, at: number): { record: CentralRecord; size: number } | null {
  if (buf.length - at < FIXED) return null;
  if (buf.readUInt32LE(at) !== SIGNATURE) throw new Error("not a zip central-directory record");
  const nameLength = buf.readUInt16LE(at + 28);
  const extraLength = buf.readUInt16LE(at + 30);
  const commentLength = buf.readUInt16LE(at + 32);
  const size = FIXED + nameLength + extraLength + commentLength;
  if (buf.length - at < size) return null;
  let csize = buf.readUInt32LE(at + 20);
  let usize = buf.readUInt32LE(at + 24);
  let offset = buf.readUInt32LE(at + 42);
  // ZIP64 values replace the fields that hold 0xFFFFFFFF, in the order uncompressed, compressed, offset.
  for (let e = at + FIXED + nameLength; e + 4 <= at + FIXED + nameLength + extraLength; ) {
    const id = buf.readUInt16LE(e);
    const length = buf.readUInt16LE(e + 2);
    if (id === 0x0001) {
      let v = e + 4;
      const next = () => {
        const value = Number(buf.readBigUInt64LE(v));
        v += 8;
        return value;
      };
      if (usize === MAX32) usize = next();
      if (csize === MAX32) csize = next();
      if (offset === MAX32) offset = next();
    }
    e += 4 + length;
  }
  return {
    size,
    record: {
      name: Buffer.from(buf.subarray(at + FIXED, at + FIXED + nameLength)),
      flags: buf.readUInt16LE(at + 8),
      method: buf.readUInt16LE(at + 10),
      crc: buf.readUInt32LE(at + 16),
      csize,
      usize,
      offset,
    },
  };
}

/** The records of a central directory read as a stream of chunks, a chunk's worth at a time. */
export async function* readCentralDirectory(source: AsyncIterable<Uint8Array>): AsyncGenerator<CentralRecord[]> {
  let carry = Buffer.alloc(0);
  for await (const piece of source) {
    const buf = carry.length ? Buffer.concat([carry, piece]) : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    const records: CentralRecord[] = [];
    let at = 0;
    for (let parsed = parseRecord(buf, at); parsed; parsed = parseRecord(buf, at)) {
      records.push(parsed.record);
      at += parsed.size;
    }
    carry = Buffer.from(buf.subarray(at));
    if (records.length) yield records;
  }
  if (carry.length) throw new Error("zip central directory ends inside a record");
}
