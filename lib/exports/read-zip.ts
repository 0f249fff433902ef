import yauzl from "yauzl";

export type ZipEntry = { name: string; compressedSize: number; uncompressedSize: number; method: number; read: () => Promise<Buffer> };

/** Opens a ZIP archive (from a file path or a buffer) and lists its entries; each entry's data is read on demand. */
export async function openZip(source: string | Buffer): Promise<{ entries: ZipEntry[]; close: () => void }> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    const done = (error: Error | null, z?: yauzl.ZipFile) => (error || !z ? reject(error ?? new Error("cannot open zip")) : resolve(z));
    const options = { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true };
    if (typeof source === "string") yauzl.open(source, options, done);
    else yauzl.fromBuffer(source, options, done);
  });
  const raw: yauzl.Entry[] = await new Promise((resolve, reject) => {
    const list: yauzl.Entry[] = [];
    zip.on("entry", (entry: yauzl.Entry) => {
      list.push(entry);
      zip.readEntry();
    });
    zip.once("end", () => resolve(list));
    zip.once("error", reject);
    zip.readEntry();
  });
  const entries = raw.map((entry) => ({
    name: entry.fileName,
    compressedSize: entry.compressedSize,
    uncompressedSize: entry.uncompressedSize,
    method: entry.compressionMethod,
    read: () =>
      new Promise<Buffer>((resolve, reject) => {
        zip.openReadStream(entry, (error, stream) => {
          if (error || !stream) return reject(error ?? new Error("cannot read entry"));
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.once("end", () => resolve(Buffer.concat(chunks)));
          stream.once("error", reject);
        });
      }),
  }));
  return { entries, close: () => zip.close() };
}
