"use client";
import { useRef } from "react";
import type { StudentCodeComment } from "@/lib/models/code-comments";

/** A staff comment as the student's page receives it: markdown rendered and sanitized on the server. */
export type EditorComment = StudentCodeComment & { html: string };

/** Whether a comment's lines still read as they did in the commented version (so it can be marked in the editor). */
export function commentStillApplies(comment: EditorComment, fileName: string, content: string): boolean {
  if (comment.fileName !== fileName) return false;
  const lines = content.split("\n").slice(comment.startLine - 1, comment.endLine);
  return lines.length === comment.snippet.length && lines.every((l, i) => l === comment.snippet[i]);
}

/**
 * The comments staff left on the student's code, in line order, each with the lines it is about (as they were in
 * that version). Previous/Next (or N/P inside the list) move between them.
 */
export function CodeComments({ comments }: { comments: EditorComment[] }) {
  const list = useRef<HTMLOListElement>(null);
  if (comments.length === 0) return null;
  const move = (dir: 1 | -1) => {
    const items = [...(list.current?.querySelectorAll<HTMLElement>("[data-comment]") ?? [])];
    const at = items.findIndex((el) => el === document.activeElement || el.contains(document.activeElement));
    items[(at + dir + items.length) % items.length]?.focus();
  };
  const open = comments.filter((c) => !c.resolved).length;
  return (
    <section aria-labelledby="comments-heading" className="mt-4 rounded border border-amber-300 bg-amber-50 p-3"
      onKeyDown={(e) => {
        if (e.key === "n" || e.key === "N") move(1);
        else if (e.key === "p" || e.key === "P") move(-1);
      }}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="comments-heading" className="text-sm font-semibold">
          Comments from your instructor ({comments.length}{open !== comments.length ? `, ${open} open` : ""})
        </h3>
        <div className="flex gap-2 text-sm">
          <button type="button" onClick={() => move(-1)} className="rounded border border-slate-400 bg-white px-2 py-0.5">Previous comment</button>
          <button type="button" onClick={() => move(1)} className="rounded border border-slate-400 bg-white px-2 py-0.5">Next comment</button>
        </div>
      </div>
      <p className="mt-1 text-xs text-slate-700">Commented lines are highlighted in the editor while they are unchanged. N and P move between comments.</p>
      <ol ref={list} className="mt-2 space-y-2">
        {comments.map((c) => {
          const lines = c.startLine === c.endLine ? `line ${c.startLine}` : `lines ${c.startLine}–${c.endLine}`;
          return (
            <li key={c.id} data-comment tabIndex={0} aria-label={`Comment on ${c.fileName}, ${lines}`} className="rounded border border-amber-200 bg-white p-2 text-sm">
              <p className="text-xs text-slate-700">
                {c.fileName}, {lines} · version {c.version} · {c.authorName ?? "Course staff"}
                {c.resolved && <span className="ml-1 rounded bg-green-100 px-1 text-green-900">resolved</span>}
              </p>
              <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-1 text-xs">{c.snippet.map((l, i) => `${c.startLine + i}  ${l}`).join("\n")}</pre>
              {/* Rendered and sanitized on the server (lib/markdown). */}
              <div className="prose-lantern mt-1" dangerouslySetInnerHTML={{ __html: c.html }} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}
