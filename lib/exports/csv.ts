/** One CSV cell value; null and undefined are empty cells. */
export type Cell = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
// A cell starting with one of these is run as a formula by Excel and LibreOffice (CSV injection, OWASP).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell per RFC 4180: quoted when it contains a comma, quote or line break; quotes doubled. */
export function csvCell(value: Cell, { spreadsheetSafe = false }: { spreadsheetSafe?: boolean } = {}): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "string" ? value : String(value);
  if (spreadsheetSafe && typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record with CRLF line ending (RFC 4180 §2). */
export function csvLine(values: readonly Cell[], options?: { spreadsheetSafe?: boolean }): string {
  let line = "";
  for (let i = 0; i < values.length; i++) line += (i ? "," : "") + csvCell(values[i], options);
  return line + "\r\n";
}

/**
 * Collects text into chunks of about `chunkBytes` and hands each to `sink` (which may apply backpressure by returning
 * a promise). Keeps memory flat however many rows pass through.
 */
export class ChunkedWriter {
  private parts: string[] = [];
  private pending = 0;
  private total = 0;

  constructor(
    private readonly sink: (chunk: Buffer) => Promise<void>,
    private readonly chunkBytes = 256 * 1024,
  ) {}

  /** Bytes handed to the sink so far (UTF-8). */
  get bytes(): number {
    return this.total;
  }

  /**
   * Adds text; returns a promise only when a chunk went to the sink (await it for backpressure). Synchronous
   * otherwise: an export writes a million rows, and an async call per row costs more than the row itself.
   */
  write(text: string): Promise<void> | undefined {
    this.parts.push(text);
    this.pending += text.length;
    return this.pending >= this.chunkBytes ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const chunk = Buffer.from(this.parts.join(""), "utf8");
    this.parts = [];
    this.pending = 0;
    this.total += chunk.byteLength;
    await this.sink(chunk);
  }
}

/** A CSV file written row by row with a fixed header (house style, rule 19: an explicit column list). */
export class CsvWriter<C extends string> {
  private readonly out: ChunkedWriter;
  rows = 0;

  constructor(
    readonly columns: readonly C[],
    sink: (chunk: Buffer) => Promise<void>,
    private readonly options: { spreadsheetSafe?: boolean; bom?: boolean } = {},
  ) {
    this.out = new ChunkedWriter(sink);
  }

  async header(): Promise<void> {
    // A UTF-8 byte order mark makes Excel read accented names correctly; Canvas and pandas accept it.
    await this.out.write((this.options.bom ? "\uFEFF" : "") + csvLine(this.columns));
  }

  /** Adds a row; a promise comes back only when a chunk was handed on (see ChunkedWriter.write). */
  row(values: Partial<Record<C, Cell>>): Promise<void> | undefined {
    this.rows++;
    return this.out.write(csvLine(this.columns.map((c) => values[c]), this.options));
  }

  raw(values: readonly Cell[]): Promise<void> | undefined {
    return this.out.write(csvLine(values, this.options));
  }

  async end(): Promise<void> {
    await this.out.flush();
  }

  get bytes(): number {
    return this.out.bytes;
  }
}
