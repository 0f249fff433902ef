import { ChunkedWriter, csvCell, type Cell } from "../csv";
import { MAIN_TABLE_COLUMNS, type MainTableColumn } from "./columns";

/** A MainTable row: one cell per column of MAIN_TABLE_COLUMNS, in order (null: empty). */
export type MainRow = Cell[];

/** Each column's index in a MainRow. */
export const COLUMN = Object.fromEntries(MAIN_TABLE_COLUMNS.map((c, i) => [c, i])) as Record<MainTableColumn, number>;

export const newRow = (): MainRow => new Array<Cell>(MAIN_TABLE_COLUMNS.length).fill(null);

/**
 * The columns whose values can hold a comma, quote or line break: text from student data (error messages, test
 * names, custom event types and results the browser reported) and staff text. Every other column is an id Lantern
 * made (pseudonyms, numbers), a timestamp, a constant, an enum value of ours or a safeFileName.
 */
const FREE_TEXT: readonly MainTableColumn[] = ["EventType", "CompileMessageType", "CompileMessageData", "TestID", "ExecutionResult", "InterventionMessage"];
const QUOTED = MAIN_TABLE_COLUMNS.flatMap((c, i) => (FREE_TEXT.includes(c) ? [i] : []));

/**
 * Writes MainTable rows (RFC 4180, CRLF) from arrays: a million rows as merged objects and escaped copies were a
 * tenth of a ProgSnap2 build's CPU (issue 15's bench), so only free-text columns go through csvCell. A line is one
 * join() of a scratch copy of the row: built with `+=` it was ~40 rope strings flattened again by the encoder, 1.6 of
 * the 6.9 GB a million-event build allocated (issue 15's bench).
 */
export class MainTableWriter {
  private readonly out: ChunkedWriter;
  private readonly cells: Cell[] = newRow();

  constructor(sink: (chunk: Buffer) => Promise<void>) {
    this.out = new ChunkedWriter(sink);
  }

  /** Adds a row; a promise comes back only when a chunk was handed on (await it for backpressure). */
  write(row: MainRow): Promise<void> | undefined {
    const cells = this.cells;
    for (let i = 0; i < row.length; i++) cells[i] = row[i];
    for (const i of QUOTED) if (cells[i] !== null && cells[i] !== undefined) cells[i] = csvCell(cells[i]);
    // join() writes null as an empty cell, numbers and booleans as String() does.
    return this.out.write(cells.join(","), true);
  }

  end(): Promise<void> {
    return this.out.flush();
  }
}
