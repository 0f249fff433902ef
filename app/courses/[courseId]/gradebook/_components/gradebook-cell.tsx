import Link from "next/link";
import type { GradebookCell } from "@/lib/models/gradebook";

/** The words behind a cell's marks, for the cell's accessible name and the legend. */
export function cellDescription(cell: GradebookCell | undefined, points: number): string {
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

/** One gradebook cell: the counting score and its marks, linking to the student's work on the assignment. */
export function GradebookCellView({ cell, points, href, studentName }: { cell: GradebookCell | undefined; points: number; href: string; studentName: string }) {
  const description = cellDescription(cell, points);
  const started = cell && cell.status !== "not_started";
  return (
    <Link href={href} className="flex items-center justify-end gap-1 whitespace-nowrap rounded px-1 hover:bg-slate-100" aria-label={`${studentName}: ${description}`} title={description}>
      {!started ? (
        <span className="text-slate-500">–</span>
      ) : cell.score === null ? (
        <span className="text-slate-700">{cell.status === "submitted" ? "sub." : "in prog."}</span>
      ) : (
        <span className="tabular-nums">{cell.score}</span>
      )}
      {cell?.overridden && <Mark className="bg-violet-100 text-violet-900">O</Mark>}
      {cell?.late && <Mark className="bg-amber-100 text-amber-900">L</Mark>}
      {cell?.grading && <Mark className="bg-sky-100 text-sky-900">G</Mark>}
      {(cell?.sync === "failed" || cell?.sync === "waiting") && <Mark className="bg-red-100 text-red-900">!</Mark>}
    </Link>
  );
}

function Mark({ children, className }: { children: React.ReactNode; className: string }) {
  return (
    <span aria-hidden="true" className={`rounded px-1 text-xs font-semibold ${className}`}>
      {children}
    </span>
  );
}

/** The key to the marks, shown above the table. */
export function GradebookLegend() {
  const items = [
    ["O", "bg-violet-100 text-violet-900", "overridden by staff (stays until cleared)"],
    ["L", "bg-amber-100 text-amber-900", "late"],
    ["G", "bg-sky-100 text-sky-900", "being graded"],
    ["!", "bg-red-100 text-red-900", "grade did not reach the LMS"],
    ["–", "text-slate-500", "not started"],
  ] as const;
  return (
    <ul aria-label="Marks in the gradebook" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
      {items.map(([mark, style, words]) => (
        <li key={mark} className="flex items-center gap-1">
          <span aria-hidden="true" className={`rounded px-1 font-semibold ${style}`}>{mark}</span> {words}
        </li>
      ))}
    </ul>
  );
}
