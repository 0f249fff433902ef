"use client";
import { Fragment } from "react";
import type { DiffLine } from "@/lib/diff/lines";
import { CommentCard } from "./comment-forms";
import type { LineSelection, ReviewComment } from "./types";

type Props = {
  lines: DiffLine[];
  showRemoved: boolean;
  fileLabel: string;
  comments: ReviewComment[];
  selection: LineSelection;
  onSelectLine: (line: number, extend: boolean) => void;
  courseId: string;
  submissionId: string;
};

/**
 * A version's file as numbered lines. Lines changed since the previous version are marked (and removed ones shown
 * struck through in diff mode); commented lines are highlighted with their comments under them. Line numbers are
 * buttons: click (or Enter) selects a line for a comment, Shift extends the selection.
 */
export function CodeView({ lines, showRemoved, fileLabel, comments, selection, onSelectLine, courseId, submissionId }: Props) {
  const shown = showRemoved ? lines : lines.filter((l) => l.op !== "del");
  const commentedLines = new Set(comments.flatMap((c) => Array.from({ length: c.endLine - c.startLine + 1 }, (_, i) => c.startLine + i)));
  return (
    <div role="region" aria-label={fileLabel} tabIndex={0} className="max-h-[32rem] relative overflow-auto rounded border border-slate-300 bg-white font-mono text-sm">
      <table className="w-full border-collapse">
        <caption className="sr-only">{fileLabel}</caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">Line</th>
            <td />
            <th scope="col">Code</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((l, i) => {
            const n = l.newLine;
            const selected = n !== null && selection !== null && n >= selection.start && n <= selection.end;
            const ending = n === null ? [] : comments.filter((c) => c.endLine === n);
            const bg = selected ? "bg-sky-100" : l.op === "add" ? "bg-green-50" : l.op === "del" ? "bg-red-50" : n !== null && commentedLines.has(n) ? "bg-amber-50" : "";
            return (
              <Fragment key={i}>
                <tr className={bg}>
                  <td className="w-12 select-none border-r border-slate-200 pr-1 text-right align-top text-slate-600">
                    {n !== null ? (
                      <button type="button" aria-pressed={selected} aria-label={`Line ${n}${commentedLines.has(n) ? ", has a comment" : ""}`}
                        onClick={(e) => onSelectLine(n, e.shiftKey)} className="block min-h-6 w-full px-1 text-right leading-6 hover:bg-slate-200">
                        {n}
                      </button>
                    ) : (
                      <span className="sr-only">removed</span>
                    )}
                  </td>
                  <td className="w-5 select-none text-center align-top" aria-hidden="true">
                    {l.op === "add" ? <span className="text-green-800">+</span> : l.op === "del" ? <span className="text-red-800">−</span> : ""}
                  </td>
                  <td className={`whitespace-pre-wrap break-all pr-2 align-top ${l.op === "del" ? "text-red-900 line-through" : "text-slate-900"}`}>
                    {l.op === "add" && <span className="sr-only">added: </span>}
                    {l.op === "del" && <span className="sr-only">removed: </span>}
                    {l.text || " "}
                  </td>
                </tr>
                {ending.map((c) => (
                  <tr key={c.id}>
                    <td colSpan={3} className="border-y border-amber-200 bg-amber-50 px-3 py-2 font-sans">
                      <CommentCard comment={c} courseId={courseId} submissionId={submissionId} />
                    </td>
                  </tr>
                ))}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
