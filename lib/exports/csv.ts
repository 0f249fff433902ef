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
 * Collects text into chunks of `chunkBytes` and hands each to `sink` (which may apply backpressure by returning a
 * promise). Text is encoded straight into the chunk (Buffer.write): joining a million rows' strings and encoding the
 * joined copy was a tenth of an events export's CPU (issue 15's bench). Keeps memory flat however many rows pass.
 */
export class ChunkedWriter {
  private buf: Buffer;
  private used = 0;
  private total = 0;

  constructor(
    private readonly sink: (chunk: Buffer) => Promise<void>,
    private readonly chunkBytes = 256 * 1024,
  ) {
    this.buf = Buffer.allocUnsafe(chunkBytes);
  }

  /** Bytes handed to the sink so far (UTF-8). */
  get bytes(): number {
    return this.total;
  }

  /**
   * Adds text; returns a promise only when a chunk went to the sink (await it for backpressure). Synchronous
   * otherwise: an export writes a million rows, and an async call per row costs more than the row itself. Chunks go
   * to the sink in order even when a caller writes again before awaiting.
   */
  write(text: string, lineEnd = false): Promise<void> | undefined {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    const worst = text.length * 3 + 2;
    let flushed = worst > this.buf.length - this.used ? this.flush() : undefined;
    if (worst > this.buf.length) {
      const big = this.sink(Buffer.from(lineEnd ? text + "\r\n" : text, "utf8"));
      this.total += Buffer.byteLength(text) + (lineEnd ? 2 : 0);
      flushed = flushed ? flushed.then(() => big) : big;
      return flushed;
    }
    this.used += this.buf.write(text, this.used, "utf8");
    if (lineEnd) {
      this.buf[this.used++] = 13;
      this.buf[this.used++] = 10;
    }
    return flushed;
  }

  /** Hands what is buffered to the sink (the buffer is the sink's from then on). */
  flush(): Promise<void> {
    if (this.used === 0) return Promise.resolve();
    const chunk = this.buf.subarray(0, this.used);
    this.buf = Buffer.allocUnsafe(this.chunkBytes);
    this.used = 0;
    this.total += chunk.byteLength;
    return this.sink(chunk);
  }
}

/** A CSV file written row by row with a fixed header (house style, rule 19: an explicit column list). */
export class CsvWriter<C extends string> {
  private readonly out: ChunkedWriter;
  /** Escaped cells of the row being written, reused for every row. */
  private readonly cells: Cell[] = [];
  /** Per column: its values are written as they are (`plain`). */
  private readonly asIs: boolean[];
  rows = 0;

  constructor(
    readonly columns: readonly C[],
    sink: (chunk: Buffer) => Promise<void>,
    private readonly options: {
      spreadsheetSafe?: boolean;
      bom?: boolean;
      /**
       * Columns whose values never need quoting nor a formula guard (ids, pseudonyms, ISO timestamps Lantern made):
       * written without csvCell's tests, a fifth of a million-row events CSV's writing (issue 15's bench).
       */
      plain?: readonly C[];
    } = {},
  ) {
    this.out = new ChunkedWriter(sink);
    this.asIs = columns.map((c) => options.plain?.includes(c) ?? false);
  }

  async header(): Promise<void> {
    // A UTF-8 byte order mark makes Excel read accented names correctly; Canvas and pandas accept it.
    await this.out.write((this.options.bom ? "\uFEFF" : "") + csvLine(this.columns));
  }

  /** Adds a row; a promise comes back only when a chunk was handed on (see ChunkedWriter.write). */
  row(values: Partial<Record<C, Cell>>): Promise<void> | undefined {
    const cells = this.cells;
    for (let i = 0; i < this.columns.length; i++) cells[i] = values[this.columns[i]];
    this.rows++;
    return this.raw(cells);
  }

  /** Adds a line given in column order, not counted in `rows` (the array is not kept). */
  raw(values: readonly Cell[]): Promise<void> | undefined {
    const cells = this.cells;
    cells.length = values.length;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      // join() writes null and undefined as empty cells, numbers and booleans as String() does.
      cells[i] = typeof v === "string" && !this.asIs[i] ? csvCell(v, this.options) : v;
    }
    return this.out.write(cells.join(","), true);
  }

  async end(): Promise<void> {
    await this.out.flush();
  }

  get bytes(): number {
    return this.out.bytes;
  }
}
