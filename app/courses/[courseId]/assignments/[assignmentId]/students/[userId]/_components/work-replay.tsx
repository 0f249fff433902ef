"use client";
import { useEffect, useRef, useState } from "react";
import { diffLines, diffStats } from "@/lib/diff/lines";
import type { StarterFile } from "@/lib/grading/types";
import { CodeView } from "./code-view";
import { NewCommentForm } from "./comment-forms";
import type { LineSelection, ReviewComment } from "./types";
import { useTimeline } from "./use-timeline";

const SPEEDS = [1, 2, 5, 10, 25] as const;
const EVENT_TEXT: Record<string, string> = {
  "Run.Program": "ran the program",
  "Run.Error": "run error",
  "Compile.Error": "syntax error",
  "X-Check": "checked the visible tests",
  Submit: "submitted",
  "X-Paste": "pasted",
  "X-Restore": "restored",
  "Session.Start": "opened the editor",
};
const KIND_TEXT = { autosave: "saved", restore: "restored an older version", submit: "submitted" } as const;

type Props = {
  courseId: string;
  submissionId: string;
  versions: number;
  current: { version: number; files: StarterFile[] } | null;
  comments: ReviewComment[];
};

/**
 * Replay of a student's work: a slider over every saved version with play/pause at a chosen speed, the coding
 * events between versions, the file as of that version with changes since the previous one marked, and comments
 * anchored to its lines. Keyboard: ←/→ on the slider step, Space (outside text fields) plays or pauses, C writes a
 * comment on the selected lines, N/P jump to the next/previous comment.
 */
export function WorkReplay({ courseId, submissionId, versions, current, comments }: Props) {
  const base = `/api/courses/${courseId}/submissions/${submissionId}`;
  const { step, files, want, error } = useTimeline({ base, versions, initial: current });
  const [v, setV] = useState(versions);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(5);
  const [mode, setMode] = useState<"diff" | "code">("diff");
  const [fileName, setFileName] = useState(current?.files[0]?.name ?? "main.py");
  const [selection, setSelection] = useState<LineSelection>(null);
  const commentBox = useRef<HTMLTextAreaElement>(null);
  const region = useRef<HTMLDivElement>(null);

  const active = playing && v < versions;
  useEffect(() => want(v, active ? Math.max(5, speed * 2) : 1), [v, active, speed, want]);

  // Playing advances one version per tick, waiting for a version's files before moving past it.
  useEffect(() => {
    if (!active) return;
    const timer = setTimeout(() => {
      if (files.has(v + 1)) setV(v + 1);
    }, 1000 / speed);
    return () => clearTimeout(timer);
  }, [active, v, speed, files]);

  const shown = files.get(v);
  const previous = v > 1 ? files.get(v - 1) : [];
  const fileNames = shown?.map((f) => f.name) ?? [fileName];
  const file = shown?.find((f) => f.name === fileName) ?? shown?.[0];
  // Until the previous version arrives, show the file without change marks rather than as all new.
  const before = previous === undefined ? file?.content : (previous.find((f) => f.name === file?.name)?.content ?? "");
  const lines = file ? diffLines(before ?? "", file.content) : [];
  const stats = diffStats(lines);
  const here = comments.filter((c) => c.version === v && c.fileName === file?.name);
  const s = step(v);

  function go(target: number) {
    setPlaying(false);
    setV(Math.min(Math.max(1, target), versions));
  }
  function jumpToComment(dir: 1 | -1) {
    const order = [...comments].sort((a, b) => a.version - b.version || a.startLine - b.startLine);
    const next = dir === 1 ? (order.find((c) => c.version > v) ?? order[0]) : ([...order].reverse().find((c) => c.version < v) ?? order[order.length - 1]);
    if (!next) return;
    go(next.version);
    setFileName(next.fileName);
    setTimeout(() => document.getElementById(`comment-${next.id}`)?.focus(), 50);
  }
  function onKeyDown(e: React.KeyboardEvent) {
    const target = e.target as HTMLElement;
    if (target.closest("textarea, input:not([type=range]), select") || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === " " && target.tagName !== "BUTTON") {
      e.preventDefault();
      if (!active && v >= versions) setV(1);
      setPlaying(!active);
    } else if (e.key === "c" || e.key === "C") {
      e.preventDefault();
      commentBox.current?.focus();
    } else if (e.key === "n" || e.key === "N") jumpToComment(1);
    else if (e.key === "p" || e.key === "P") jumpToComment(-1);
  }

  if (versions === 0) return <p className="text-sm text-slate-700">No saved versions yet.</p>;
  return (
    <div ref={region} onKeyDown={onKeyDown} className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" onClick={() => {
            if (!active && v >= versions) setV(1);
            setPlaying(!active);
          }}
          className="rounded bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-900">
          {active ? "Pause" : "Play"}
        </button>
        {/* aria-disabled, not disabled: reaching the last version by keyboard must not drop focus to the page body. */}
        <button type="button" onClick={() => v > 1 && go(v - 1)} aria-disabled={v <= 1 || undefined} className="rounded border border-slate-400 px-2 py-1 text-sm aria-disabled:cursor-not-allowed aria-disabled:opacity-50">Previous version</button>
        <button type="button" onClick={() => v < versions && go(v + 1)} aria-disabled={v >= versions || undefined} className="rounded border border-slate-400 px-2 py-1 text-sm aria-disabled:cursor-not-allowed aria-disabled:opacity-50">Next version</button>
        <label className="text-sm">
          Speed{" "}
          <select value={speed} onChange={(e) => setSpeed(Number(e.target.value) as (typeof SPEEDS)[number])} className="rounded border border-slate-400 px-1 py-0.5">
            {SPEEDS.map((x) => (
              <option key={x} value={x}>{x} version{x === 1 ? "" : "s"} per second</option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" checked={mode === "diff"} onChange={(e) => setMode(e.target.checked ? "diff" : "code")} /> Show removed lines
        </label>
      </div>
      <label htmlFor="replay-slider" className="text-sm font-medium">
        Version {v} of {versions}
      </label>
      <input id="replay-slider" type="range" min={1} max={versions} value={v} onChange={(e) => go(Number(e.target.value))}
        aria-valuetext={`Version ${v} of ${versions}${s ? `, ${KIND_TEXT[s.kind]} ${new Date(s.at).toLocaleString()}` : ""}`} className="w-full" />
      <p className="text-sm text-slate-700" aria-live={active ? "off" : "polite"}>
        {s ? (
          <>
            <time dateTime={s.at}>{new Date(s.at).toLocaleString()}</time> · {KIND_TEXT[s.kind]} · {previous === undefined ? "comparing with the previous version…" : `${stats.added} line${stats.added === 1 ? "" : "s"} added, ${stats.removed} removed`}
            {s.events.length > 0 && <> · before this: {summarize(s.events)}</>}
          </>
        ) : (
          "Loading…"
        )}
      </p>
      {error && <p role="alert" className="text-sm text-red-800">{error}</p>}
      {fileNames.length > 1 && (
        <div role="group" aria-label="Files" className="flex flex-wrap gap-1">
          {fileNames.map((name) => (
            <button key={name} type="button" aria-pressed={name === file?.name} onClick={() => setFileName(name)}
              className={`rounded px-2 py-1 text-sm ${name === file?.name ? "bg-slate-800 text-white" : "border border-slate-300"}`}>
              {name}
            </button>
          ))}
        </div>
      )}
      {shown && file ? (
        <CodeView lines={lines} showRemoved={mode === "diff"} fileLabel={`${file.name} at version ${v}`} comments={here} selection={selection} courseId={courseId} submissionId={submissionId}
          onSelectLine={(n, extend) => setSelection((sel) => (extend && sel ? { start: Math.min(sel.start, n), end: Math.max(sel.end, n) } : { start: n, end: n }))} />
      ) : (
        <p className="text-sm text-slate-700">Loading version {v}…</p>
      )}
      {shown && file && (
        <NewCommentForm courseId={courseId} submissionId={submissionId} version={v} fileName={file.name} selection={selection}
          lineCount={file.content.split("\n").length} onDone={() => setSelection(null)} textareaRef={commentBox} />
      )}
      <p className="text-xs text-slate-600">
        Keys: ←/→ on the slider step through versions · Space plays or pauses · click line numbers (Shift+click for a range), then C to comment · N/P next/previous comment.
      </p>
    </div>
  );
}

function summarize(events: { type: string; detail: string | null }[]): string {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  return [...counts].map(([type, n]) => `${EVENT_TEXT[type] ?? type}${n > 1 ? ` ×${n}` : ""}`).join(", ");
}
