import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, mkdtempSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { crc32 } from "node:zlib";
import { crc32Combine } from "./crc32-combine";
import { DeflatedFile, joinedDeflate } from "./deflated-file";
import { openZip } from "./read-zip";
import { ZipWriter } from "./zip-writer";

async function build(fill: (zip: ZipWriter) => Promise<void>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const zip = new ZipWriter(async (chunk) => void chunks.push(Buffer.from(chunk)));
  await fill(zip);
  await zip.finish();
  return Buffer.concat(chunks);
}

async function* pieces(text: string, size: number) {
  for (let i = 0; i < text.length; i += size) yield Buffer.from(text.slice(i, i + size));
}

describe("ZipWriter", () => {
  it("writes stored, deflated and streamed entries that a standard reader extracts byte for byte", async () => {
    const big = "x = 1\n".repeat(5000);
    const streamed = Array.from({ length: 20000 }, (_, i) => `${i},Événement ${i}\r\n`).join("");
    const zip = await build(async (z) => {
      await z.addFile("CodeStates/abc/main.py", "print('hi')\n");
      await z.addFile("CodeStates/abc/big.py", big);
      await z.addStream("MainTable.csv", pieces(streamed, 7777));
      await z.addFile("README.md", "# ünïcode\n");
    });
    const { entries, close } = await openZip(zip);
    expect(entries.map((e) => e.name)).toEqual(["CodeStates/abc/main.py", "CodeStates/abc/big.py", "MainTable.csv", "README.md"]);
    expect(entries[0].method).toBe(0);
    expect(entries[1].method).toBe(8);
    expect(entries[1].compressedSize).toBeLessThan(big.length);
    expect((await entries[0].read()).toString()).toBe("print('hi')\n");
    expect((await entries[1].read()).toString()).toBe(big);
    expect((await entries[2].read()).toString()).toBe(streamed);
    expect((await entries[3].read()).toString()).toBe("# ünïcode\n");
    close();
  });

  it("copies in an entry deflated beforehand, with the CRC and size of its content (checked by Python's zipfile)", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "lantern-zip-test-"));
    const table = Array.from({ length: 50_000 }, (_, i) => `${i},Run.Program,Ünïcode ${i % 97}\r\n`).join("");
    const deflated = new DeflatedFile(path.join(dir, "table.deflate"));
    for (let i = 0; i < table.length; i += 65_536) await deflated.write(Buffer.from(table.slice(i, i + 65_536)));
    const described = await deflated.end();
    expect(described.size).toBe(Buffer.byteLength(table));
    const zip = await build(async (z) => {
      await z.addFile("CodeStates/a/main.py", "print(1)\n");
      await z.addDeflated("MainTable.csv", createReadStream(deflated.path), described);
      await z.addFile("README.md", "# after\n");
    });
    const { entries, close } = await openZip(zip);
    expect(entries.map((e) => [e.name, e.method])).toEqual([["CodeStates/a/main.py", 0], ["MainTable.csv", 8], ["README.md", 0]]);
    expect(entries[1].compressedSize).toBeLessThan(table.length / 3);
    expect((await entries[1].read()).toString()).toBe(table);
    close();
    writeFileSync(path.join(dir, "out.zip"), zip);
    const tested = execFileSync("python3", ["-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).testzip())", path.join(dir, "out.zip")]);
    expect(tested.toString().trim()).toBe("None"); // testzip() names the first entry whose CRC is wrong
  });

  it("takes in another writer's fragment at new offsets, leaving out refused entries, and joins deflated fragments", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "lantern-zip-test-"));
    // A fragment as a parallel shard writes it: entries to a file, records to another, no end records.
    const file = createWriteStream(path.join(dir, "fragment.bin"));
    const fragment = new ZipWriter(
      async (chunk) => {
        if (!file.write(chunk)) await once(file, "drain");
      },
      { centralDirectoryFile: path.join(dir, "fragment.cd") },
    );
    const big = randomBytes(300_000).toString("hex"); // deflated, and larger than one read chunk
    await fragment.addFile("CodeStates/shared/main.py", "print('shared')\n");
    await fragment.addFile("CodeStates/b/main.py", big);
    await fragment.addFile("CodeStates/shared2/main.py", "print('also shared')\n");
    await fragment.addFile("CodeStates/c/main.py", "print('c')\n");
    for (let i = 0; i < 30_000; i++) await fragment.addFile(`Resources/${i}.txt`, `error ${i}\n`); // > 1 MiB of records
    const { bytes, entries: fragmentEntries } = await fragment.fragment();
    file.end();
    await once(file, "close");
    expect(fragmentEntries).toBe(30_004);

    // Two halves of a table deflated apart, joined into one entry with the combined CRC.
    const halves = ["EventID,Order\r\n" + "1,1\r\n".repeat(40_000), "2,2\r\nÉ,é\r\n".repeat(30_000)];
    const parts: { path: string; crc: number; size: number }[] = [];
    for (const [i, text] of halves.entries()) {
      const part = new DeflatedFile(path.join(dir, `half${i}.deflate`), { fragment: true });
      await part.write(Buffer.from(text));
      parts.push({ path: part.path, ...(await part.end()) });
    }
    expect(parts[0].crc).toBe(crc32(halves[0]));
    const zip = await build(async (z) => {
      await z.addFile("CodeStates/shared/main.py", "print('shared')\n");
      await z.addFile("CodeStates/shared2/main.py", "print('also shared')\n");
      await z.appendFragment({
        data: createReadStream(path.join(dir, "fragment.bin"), { highWaterMark: 64 * 1024 }),
        centralDirectory: createReadStream(path.join(dir, "fragment.cd"), { highWaterMark: 1000 }),
        bytes,
        keep: (name) => !name.startsWith("CodeStates/shared"),
      });
      await z.addDeflated("MainTable.csv", joinedDeflate(parts.map((p) => createReadStream(p.path))), {
        crc: crc32Combine(parts[0].crc, parts[1].crc, parts[1].size),
        size: parts[0].size + parts[1].size,
      });
    });
    const { entries, close } = await openZip(zip);
    expect(entries.map((e) => e.name).slice(0, 5)).toEqual(["CodeStates/shared/main.py", "CodeStates/shared2/main.py", "CodeStates/b/main.py", "CodeStates/c/main.py", "Resources/0.txt"]);
    expect(entries).toHaveLength(2 + 30_002 + 1);
    expect((await entries[2].read()).toString()).toBe(big);
    expect((await entries[3].read()).toString()).toBe("print('c')\n");
    expect((await entries[4 + 29_999].read()).toString()).toBe("error 29999\n");
    expect((await entries.at(-1)!.read()).toString()).toBe(halves.join(""));
    close();
    writeFileSync(path.join(dir, "joined.zip"), zip);
    const tested = execFileSync("python3", ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip(), len(z.namelist()))", path.join(dir, "joined.zip")]);
    expect(tested.toString().trim()).toBe("None 30005");
  });

  it("combines CRC-32s as zlib's crc32_combine does", () => {
    for (const [a, b] of [["", ""], ["abc", ""], ["", "abc"], ["hello ", "world"], [randomBytes(10_000).toString("latin1"), randomBytes(77_777).toString("latin1")]]) {
      const [ba, bb] = [Buffer.from(a, "latin1"), Buffer.from(b, "latin1")];
      expect(crc32Combine(crc32(ba), crc32(bb), bb.length)).toBe(crc32(Buffer.concat([ba, bb])));
    }
  });

  it("switches to ZIP64 end records past 65,535 entries", async () => {
    const zip = await build(async (z) => {
      for (let i = 0; i < 70_000; i++) await z.addFile(`f/${i}.txt`, String(i));
    });
    const { entries, close } = await openZip(zip);
    expect(entries).toHaveLength(70_000);
    expect((await entries[69_999].read()).toString()).toBe("69999");
    close();
  });

  it("queues small files in call order with addFile's, one sink call at a time, spilling records, and hands large ones to addFile", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "lantern-zip-queue-"));
    const chunks: Buffer[] = [];
    let inSink = 0;
    let most = 0;
    const zip = new ZipWriter(
      async (chunk) => {
        inSink++;
        most = Math.max(most, inSink);
        await new Promise((resolve) => setTimeout(resolve, 1)); // a slow sink: queued chunks pile up behind it
        chunks.push(Buffer.from(chunk));
        inSink--;
      },
      { centralDirectoryFile: path.join(dir, "cd") },
    );
    const expected: [string, string][] = [];
    const waits: Promise<void>[] = [];
    for (let i = 0; i < 20_000; i++) {
      const name = `CodeStates/${i}/main-é.py`;
      // Every 2,000th file is large (deflated by addFile), every 1,000th added with addFile between queued ones.
      const content = i % 2000 === 1999 ? `print(${i})\n`.repeat(800) : `print("ünï ${i}")\n`.repeat(i % 7);
      expected.push([name, content]);
      if (i % 1000 === 500) await zip.addFile(name, content);
      else {
        const p = zip.queueFile(name, content);
        if (p) waits.push(p);
      }
    }
    await Promise.all(waits);
    await zip.finish();
    expect(most).toBe(1);
    const file = path.join(dir, "q.zip");
    writeFileSync(file, Buffer.concat(chunks));
    const { entries, close } = await openZip(file);
    expect(entries.map((e) => e.name)).toEqual(expected.map(([n]) => n));
    for (const i of [0, 1, 500, 1999, 7777, 19_999]) expect((await entries[i].read()).toString()).toBe(expected[i][1]);
    expect(entries[1999].method).toBe(8);
    close();
    expect(execFileSync("python3", ["-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).testzip())", file]).toString().trim()).toBe("None");
    expect(() => zip.queueFile("x", "y")).toThrow(/already finished/);
    expect(() => new ZipWriter(async () => {}).queueFile("a/../../evil", "x")).toThrow(/invalid zip entry name/);
  });

  it("refuses unsafe entry names", async () => {
    const zip = new ZipWriter(async () => {});
    await expect(zip.addFile("../evil", "x")).rejects.toThrow(/invalid zip entry name/);
    await expect(zip.addFile("/abs", "x")).rejects.toThrow(/invalid zip entry name/);
  });
});
