import { describe, expect, it } from "vitest";
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
