import type { GradebookCell } from "@/lib/models/gradebook";

/** What a cell shows: the parts of a GradebookCell that reach the browser. */
export type CellView = Pick<GradebookCell, "score" | "status" | "overridden" | "late" | "grading" | "sync">;

/**
 * A cell as the page sends it to the browser: `[score, code]`, the status's index in STATUSES plus one bit per mark.
 * A page holds 1,000 cells; as objects their keys alone were most of the flight data.
 */
export type CellCode = [score: number | null, code: number];

const STATUSES = ["not_started", "in_progress", "submitted", "graded"] as const satisfies readonly GradebookCell["status"][];
const SYNCS = ["none", "delivered", "pending", "waiting", "failed"] as const satisfies readonly GradebookCell["sync"][];
const OVERRIDDEN = 4;
const LATE = 8;
const GRADING = 16;
const SYNC_SHIFT = 5;

export function encodeCell(cell: CellView): CellCode {
  const code = STATUSES.indexOf(cell.status) | (cell.overridden ? OVERRIDDEN : 0) | (cell.late ? LATE : 0) | (cell.grading ? GRADING : 0) | (SYNCS.indexOf(cell.sync) << SYNC_SHIFT);
  return [cell.score, code];
}

export function decodeCell([score, code]: CellCode): CellView {
  return {
    score,
    status: STATUSES[code & 3],
    overridden: (code & OVERRIDDEN) !== 0,
    late: (code & LATE) !== 0,
    grading: (code & GRADING) !== 0,
    sync: SYNCS[code >> SYNC_SHIFT] ?? "none",
  };
}

/** The words behind a cell's marks, for the cell's accessible name and the legend. */
export function cellDescription(cell: CellView | undefined | null, points: number): string {
  if (!cell || cell.status === "not_started") return "not started";
  const parts = [cell.score === null ? (cell.status === "submitted" ? "submitted, no grade yet" : "not submitted") : `${cell.score} of ${points}`];
  if (cell.overridden) parts.push("overridden by staff");
  if (cell.late) parts.push("late");
  if (cell.grading) parts.push("being graded");
  if (cell.sync === "failed") parts.push("did not reach the LMS");
  else if (cell.sync === "waiting") parts.push("not sent to the LMS");
  else if (cell.sync === "pending") parts.push("on its way to the LMS");
  return parts.join(", ");
}

// The marks beside a score; their colours are in globals.css (gb-*), shared with the legend.
const MARKS = [
  { letter: "O", className: "gb-o", words: "overridden by staff (stays until cleared)", on: (c: CellView) => c.overridden },
  { letter: "L", className: "gb-l", words: "late", on: (c: CellView) => c.late },
  { letter: "G", className: "gb-g", words: "being graded", on: (c: CellView) => c.grading },
  { letter: "!", className: "gb-x", words: "grade did not reach the LMS", on: (c: CellView) => c.sync === "failed" || c.sync === "waiting" },
] as const;

/**
 * One gradebook cell (a `<td>`): the counting score and its marks, linking to the student's work on the assignment. Styled by
 * the table's class (globals.css, `.gradebook`), not per cell. Its accessible name says whose cell it is and what the
 * marks mean (the marks themselves are letters); the tooltip is only there when there are marks to explain.
 */
export function GradebookCellView({ cell, points, href, studentName }: { cell: CellView | null; points: number; href: string; studentName: string }) {
  const description = cellDescription(cell, points);
  const marks = cell ? MARKS.filter((m) => m.on(cell)) : [];
  const scored = cell !== null && cell.status !== "not_started" && cell.score !== null;
  return (
    <td>
      <a href={href} aria-label={`${studentName}: ${description}`} title={marks.length > 0 ? description : undefined} className={scored ? undefined : "gb-dim"}>
        {!cell || cell.status === "not_started" ? "–" : cell.score === null ? (cell.status === "submitted" ? "sub." : "in prog.") : cell.score}
        {marks.map((m) => (
          <i key={m.letter} className={m.className}>
            {m.letter}
          </i>
        ))}
      </a>
    </td>
  );
}

/** The key to the marks, shown above the table. */
export function GradebookLegend() {
  const items = [...MARKS.map((m) => [m.letter, `gb-mark ${m.className}`, m.words] as const), ["–", "text-slate-600", "not started"] as const];
  return (
    <ul aria-label="Marks in the gradebook" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
      {items.map(([mark, style, words]) => (
        <li key={mark} className="flex items-center gap-1">
          <span aria-hidden="true" className={`font-semibold ${style}`}>{mark}</span> {words}
        </li>
      ))}
    </ul>
  );
}
