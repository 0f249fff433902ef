import { execFileSync } from "node:child_process";
import { createReadStream, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DeflatedFile } from "./deflated-file";
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

  it("switches to ZIP64 end records past 65,535 entries", async () => {
    const zip = await build(async (z) => {
      for (let i = 0; i < 70_000; i++) await z.addFile(`f/${i}.txt`, String(i));
    });
    const { entries, close } = await openZip(zip);
    expect(entries).toHaveLength(70_000);
    expect((await entries[69_999].read()).toString()).toBe("69999");
    close();
  });

  it("refuses unsafe entry names", async () => {
    const zip = new ZipWriter(async () => {});
    await expect(zip.addFile("../evil", "x")).rejects.toThrow(/invalid zip entry name/);
    await expect(zip.addFile("/abs", "x")).rejects.toThrow(/invalid zip entry name/);
  });
});
