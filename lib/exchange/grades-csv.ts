import { parse } from "csv-parse/sync";

/**
 * nbgrader's grades CSV, as `nbgrader export` writes it (CsvExportPlugin, nbgrader docs "Exporting grades"):
 *   assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,late_submission_penalty,score,max_score
 * one row per student and assignment, including students who never submitted (empty timestamp, score 0.0). `score`
 * is after the late penalty. Only the columns below are read; others (a custom exporter's) are ignored.
 */
export const REQUIRED_COLUMNS = ["assignment", "student_id", "score", "max_score"] as const;

/** Larger files are refused before parsing (250 students × 20 assignments is about 500 KB). */
export const MAX_GRADES_CSV_BYTES = 2 * 1024 * 1024;
export const MAX_GRADES_CSV_ROWS = 20_000;

export type GradesCsvRow = {
  /** 1-based line in the file (the header is line 1), for messages. */
  line: number;
  assignment: string;
  studentId: string;
  email: string;
  /** False when nbgrader has no submission (empty `timestamp`): such rows are skipped, never sent as a 0. */
  submitted: boolean;
  score: number | null;
  maxScore: number | null;
  /** Why the row cannot be used; null when it can. */
  problem: string | null;
};

export type ParsedGradesCsv = { ok: true; rows: GradesCsvRow[] } | { ok: false; message: string };

// Plain decimals only ("1.5", "9.0", "3"): not "1e3", "0x10", "" or "NaN", which Number() would accept or mangle.
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

function number(text: string | undefined): number | null {
  const value = (text ?? "").trim();
  return DECIMAL.test(value) ? Number(value) : null;
}

/** Parses and checks the file. A file-level problem (not CSV, missing columns, empty) is a message for the field. */
export function parseGradesCsv(text: string): ParsedGradesCsv {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    return { ok: false, message: `This is not a readable CSV file (${(error as Error).message.split("\n")[0]}).` };
  }
  if (records.length === 0) return { ok: false, message: "The file is empty. Upload the grades.csv that `nbgrader export` wrote." };
  const header = records[0].map((h) => h.toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) {
    return { ok: false, message: `The file has no ${missing.join(", ")} column${missing.length === 1 ? "" : "s"}. Upload the grades.csv that \`nbgrader export\` wrote.` };
  }
  if (records.length === 1) return { ok: false, message: "The file has a header but no grades." };
  if (records.length - 1 > MAX_GRADES_CSV_ROWS) return { ok: false, message: `The file has more than ${MAX_GRADES_CSV_ROWS} rows; export one assignment at a time.` };
  const at = (name: string) => header.indexOf(name);
  const hasTimestamp = at("timestamp") >= 0;
  const rows = records.slice(1).map((cells, i): GradesCsvRow => {
    const cell = (name: string) => (at(name) >= 0 ? (cells[at(name)] ?? "") : "");
    const row: GradesCsvRow = {
      line: i + 2,
      assignment: cell("assignment"),
      studentId: cell("student_id"),
      email: cell("email"),
      // A custom export without the column is taken to list submitted work only.
      submitted: !hasTimestamp || cell("timestamp") !== "",
      score: number(cell("score")),
      maxScore: number(cell("max_score")),
      problem: null,
    };
    if (!row.assignment) row.problem = "No assignment name.";
    else if (!row.studentId) row.problem = "No student_id.";
    else if (row.submitted && row.score === null) row.problem = `The score "${cell("score")}" is not a number.`;
    else if (row.submitted && (row.maxScore === null || row.maxScore === 0)) row.problem = `The max_score "${cell("max_score")}" must be a number above 0.`;
    return row;
  });
  return { ok: true, rows: markDuplicates(rows) };
}

/** A second row for the same student and assignment is refused: which of two scores is meant cannot be guessed. */
export function markDuplicates(rows: GradesCsvRow[]): GradesCsvRow[] {
  const seen = new Set<string>();
  for (const row of rows) {
    const key = JSON.stringify([row.assignment, row.studentId]);
    if (!row.problem && seen.has(key)) row.problem = `${row.studentId} appears twice for ${row.assignment}; only the first row is used.`;
    seen.add(key);
  }
  return rows;
}

/** nbgrader's score on Lantern's scale: score / max_score × the assignment's points, to two decimals. */
export function scaledScore(score: number, maxScore: number, points: number): number {
  return Math.round((score / maxScore) * points * 100) / 100;
}
