import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { ChunkedWriter, CsvWriter, csvLine } from "./csv";

function collector() {
  const chunks: Buffer[] = [];
  return { chunks, sink: async (chunk: Buffer) => void chunks.push(Buffer.from(chunk)), text: () => Buffer.concat(chunks).toString("utf8") };
}

describe("CSV writing", () => {
  it("quotes per RFC 4180 and neutralises spreadsheet formulas only when asked", async () => {
    const out = collector();
    const csv = new CsvWriter(["a", "b", "c", "d"] as const, out.sink, { spreadsheetSafe: true });
    await csv.header();
    csv.row({ a: 'say "hi", then\r\nleave', b: 3, c: null, d: "=SUM(A1)" });
    csv.row({ a: true, b: -2, d: "-1" });
    await csv.end();
    expect(out.text()).toBe('a,b,c,d\r\n"say ""hi"", then\r\nleave",3,,\'=SUM(A1)\r\ntrue,-2,,\'-1\r\n');
    expect(csv.rows).toBe(2);
    expect(csvLine(["=1", 'x"'])).toBe('=1,"x"""\r\n');
  });

  it("keeps rows whole and in order across chunks, multi-byte text and rows larger than a chunk", async () => {
    const out = collector();
    const writer = new ChunkedWriter(out.sink, 64);
    const lines = Array.from({ length: 500 }, (_, i) => (i % 97 === 0 ? "é".repeat(200) : `${i},Ünïcode ${"x".repeat(i % 13)}`));
    // Written without awaiting in between, as a builder does within one source item.
    const pending = lines.map((l) => writer.write(l, true)).filter(Boolean);
    await Promise.all(pending);
    await writer.flush();
    expect(out.text()).toBe(lines.map((l) => `${l}\r\n`).join(""));
    expect(writer.bytes).toBe(Buffer.byteLength(out.text()));
    expect(out.chunks.every((c) => c.length <= 64 || c.toString().includes("é".repeat(200)))).toBe(true);
  });

  it("round-trips through a CSV parser", async () => {
    const out = collector();
    const csv = new CsvWriter(["id", "text"] as const, out.sink);
    await csv.header();
    const texts = ["plain", "comma, inside", 'quote " inside', "line\nbreak", "", "tab\there"];
    for (const [i, text] of texts.entries()) csv.row({ id: i, text });
    await csv.end();
    expect(parse(out.text(), { columns: true })).toEqual(texts.map((text, i) => ({ id: String(i), text })));
  });

  it("writes plain columns as they are and still escapes and guards the others", async () => {
    const out = collector();
    const csv = new CsvWriter(["id", "at", "text"] as const, out.sink, { spreadsheetSafe: true, plain: ["id", "at"] });
    csv.row({ id: "=1", at: "2026-01-01T00:00:00.000+00:00", text: "=SUM(A1), x" });
    await csv.end();
    expect(out.text()).toBe(`=1,2026-01-01T00:00:00.000+00:00,"'=SUM(A1), x"\r\n`);
  });
});
