"use client";
import { SubmitButton } from "@/components/submit-button";
import { useActionState, useState } from "react";
import { addCommentAction, changeCommentAction } from "../actions";
import type { LineSelection, ReviewComment } from "./types";

const button = "rounded px-2 py-1 text-sm font-medium focus-visible:outline-2 disabled:opacity-50";

/** Ctrl/Cmd+Enter sends the form a textarea is in; Escape calls `onEscape`. */
function submitKeys(onEscape?: () => void) {
  return (e: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      e.currentTarget.form?.requestSubmit();
    } else if (e.key === "Escape" && onEscape) {
      e.preventDefault();
      onEscape();
    }
  };
}

/** The new-comment form for the selected lines of the version on screen. */
export function NewCommentForm({ courseId, submissionId, version, fileName, selection, lineCount, onDone, textareaRef }: {
  courseId: string;
  submissionId: string;
  version: number;
  fileName: string;
  selection: LineSelection;
  lineCount: number;
  onDone: () => void;
  textareaRef: React.RefObject<HTMLTextAreaElement | null>;
}) {
  const [body, setBody] = useState("");
  const [state, formAction, pending] = useActionState(async (previous: Awaited<ReturnType<typeof addCommentAction>> | undefined, form: FormData) => {
    const result = await addCommentAction(previous, form);
    if (result.ok) {
      setBody("");
      onDone();
    }
    return result;
  }, undefined);
  return (
    <form action={formAction} aria-label="New comment" className="flex flex-col gap-2 rounded border border-slate-300 p-3">
      <input type="hidden" name="courseId" value={courseId} />
      <input type="hidden" name="submissionId" value={submissionId} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="fileName" value={fileName} />
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <p className="font-medium">Comment on version {version}, {fileName}</p>
        <label>
          From line <input name="startLine" type="number" min={1} max={lineCount} key={`s-${selection?.start}`} defaultValue={selection?.start ?? 1} className="w-20 rounded border border-slate-400 px-1" />
        </label>
        <label>
          to <input name="endLine" type="number" min={1} max={lineCount} key={`e-${selection?.end}`} defaultValue={selection?.end ?? 1} className="w-20 rounded border border-slate-400 px-1" />
        </label>
      </div>
      <label htmlFor="new-comment-body" className="text-sm font-medium">Comment (Markdown)</label>
      <textarea id="new-comment-body" ref={textareaRef} name="body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} onKeyDown={submitKeys(() => setBody(""))}
        aria-describedby="new-comment-help new-comment-status" className="rounded border border-slate-400 p-2 text-sm" />
      <p id="new-comment-help" className="text-xs text-slate-600">Ctrl+Enter (⌘+Enter) adds the comment; Escape clears it. The student sees it in their editor.</p>
      <div className="flex items-center gap-3">
        <SubmitButton unavailable={pending} className={`${button} bg-lantern-700 text-white hover:bg-lantern-600`}>Add comment</SubmitButton>
        <p id="new-comment-status" role="status" className={`text-sm ${state?.ok ? "text-green-800" : "text-red-800"}`}>
          {state?.fieldErrors ? Object.values(state.fieldErrors).flat().join(" ") : state?.message}
        </p>
      </div>
    </form>
  );
}

/** One comment with Edit, Resolve/Reopen and Delete. */
export function CommentCard({ comment, courseId, submissionId }: { comment: ReviewComment; courseId: string; submissionId: string }) {
  const [editing, setEditing] = useState(false);
  const [state, formAction, pending] = useActionState(async (previous: Awaited<ReturnType<typeof changeCommentAction>> | undefined, form: FormData) => {
    const result = await changeCommentAction(previous, form);
    if (result.ok) setEditing(false);
    return result;
  }, undefined);
  const lines = comment.startLine === comment.endLine ? `line ${comment.startLine}` : `lines ${comment.startLine}–${comment.endLine}`;
  return (
    <article id={`comment-${comment.id}`} tabIndex={-1} aria-label={`Comment on ${lines}`} className={`text-sm ${comment.resolved ? "opacity-80" : ""}`}>
      <p className="text-xs text-slate-700">
        {comment.authorName ?? "Course staff"} · {lines} · version {comment.version}
        {comment.resolved && <span className="ml-1 rounded bg-green-100 px-1 text-green-900">resolved</span>}
      </p>
      <form action={formAction} className="mt-1">
        <input type="hidden" name="courseId" value={courseId} />
        <input type="hidden" name="submissionId" value={submissionId} />
        <input type="hidden" name="commentId" value={comment.id} />
        {editing ? (
          <>
            <label className="sr-only" htmlFor={`edit-${comment.id}`}>Edit comment</label>
            <textarea id={`edit-${comment.id}`} autoFocus name="body" rows={3} defaultValue={comment.body} onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                const submitter = e.currentTarget.form?.querySelector<HTMLButtonElement>('button[value="edit"]');
                e.currentTarget.form?.requestSubmit(submitter ?? undefined);
              } else if (e.key === "Escape") setEditing(false);
            }} className="w-full rounded border border-slate-400 p-2" />
            <div className="mt-1 flex gap-2">
              <SubmitButton name="intent" value="edit" unavailable={pending} className={`${button} bg-lantern-700 text-white`}>Save</SubmitButton>
              <button type="button" onClick={() => setEditing(false)} className={`${button} border border-slate-400`}>Cancel</button>
            </div>
          </>
        ) : (
          <>
            {/* Rendered and sanitized on the server (lib/markdown). */}
            <div className="prose-lantern" dangerouslySetInnerHTML={{ __html: comment.html }} />
            <div className="mt-1 flex flex-wrap gap-2">
              {comment.mine && <button type="button" onClick={() => setEditing(true)} className={`${button} border border-slate-400 bg-white`}>Edit<span className="sr-only"> comment on {lines}</span></button>}
              <SubmitButton name="intent" value={comment.resolved ? "reopen" : "resolve"} unavailable={pending} className={`${button} border border-slate-400 bg-white`}>
                {comment.resolved ? "Reopen" : "Resolve"}<span className="sr-only"> comment on {lines}</span>
              </SubmitButton>
              <SubmitButton name="intent" value="delete" unavailable={pending} className={`${button} border border-red-700 bg-white text-red-800`}
                onClick={(e) => { if (!window.confirm("Delete this comment? The student will no longer see it.")) e.preventDefault(); }}>
                Delete<span className="sr-only"> comment on {lines}</span>
              </SubmitButton>
            </div>
          </>
        )}
        {state?.message && !state.ok && <p role="alert" className="mt-1 text-red-800">{state.message}</p>}
      </form>
    </article>
  );
}
