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
const QUOTED = MAIN_TABLE_COLUMNS.map((c) => FREE_TEXT.includes(c));

/**
 * Writes MainTable rows (RFC 4180, CRLF) from arrays: a million rows as merged objects and escaped copies were a
 * tenth of a ProgSnap2 build's CPU (issue 15's bench), so only free-text columns go through csvCell.
 */
export class MainTableWriter {
  private readonly out: ChunkedWriter;

  constructor(sink: (chunk: Buffer) => Promise<void>) {
    this.out = new ChunkedWriter(sink);
  }

  /** Adds a row; a promise comes back only when a chunk was handed on (await it for backpressure). */
  write(row: MainRow): Promise<void> | undefined {
    let line = "";
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (i) line += ",";
      if (v === null || v === undefined) continue;
      line += QUOTED[i] ? csvCell(v) : typeof v === "string" ? v : String(v);
    }
    return this.out.write(line, true);
  }

  end(): Promise<void> {
    return this.out.flush();
  }
}
