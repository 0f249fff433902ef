"use client";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { buildResults } from "@/lib/grading/score";
import type { CaseOutcome, RunOutcome, TestOutcome } from "@/lib/grading/outcome";
import type { StarterFile } from "@/lib/grading/types";
import type { RuntimeManifest } from "@/lib/python-runtime";
import type { StudentAssignment, StudentTestResult, StudentWork } from "@/lib/submissions/shapes";
import { ApiError, workFetch } from "./api";
import { CodeComments, commentStillApplies, type EditorComment } from "./code-comments";
import { CodeEditor } from "./code-editor";
import { EventLog } from "./event-log";
import { GradePanel } from "./grade-panel";
import { chooseDraft } from "./draft-choice";
import { keptOnDevice, markDraftSaved, readDraft, writeDraft } from "./local-store";
import { keepRuntimeOffline, type OfflineRuntime } from "./offline-runtime";
import { PythonRunner } from "./python-runner";
import { TestResults } from "./test-results";
import { statusText, useAutosave } from "./use-autosave";
import { VersionHistory } from "./version-history";

const RUN_LIMIT_MS = 10_000;
const POLL_MS = 1_500;

const button = "rounded px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 aria-disabled:cursor-not-allowed aria-disabled:opacity-50";

type OutputPart = { stream: "stdout" | "stderr"; text: string };

/**
 * A button that is unavailable through `aria-disabled`, not `disabled`: a disabled button drops keyboard focus to
 * the page body, so pressing Run, Check, Stop or Submit lost a screen reader's place (issue 19, item 4). Focus stays
 * on the button; clicks do nothing while it is unavailable.
 */
function ActionButton({ unavailable, onClick, className, children }: { unavailable: boolean; onClick: () => void; className: string; children: ReactNode }) {
  return (
    <button type="button" aria-disabled={unavailable || undefined} onClick={() => !unavailable && onClick()} className={`${button} ${className}`}>
      {children}
    </button>
  );
}

/** The student's editor: files, Run/Stop/Check/Submit, autosave status, grade and history. Fed student-safe shapes. */
export function StudentEditor({
  assignment,
  initialWork,
  userId,
  readOnly,
  token,
  comments = [],
  runtime,
}: {
  assignment: StudentAssignment;
  initialWork: StudentWork;
  userId: string;
  readOnly: boolean;
  token?: string;
  /** Staff comments on this work (issue 12), shown below the editor and marked on lines that are unchanged. */
  comments?: EditorComment[];
  /** The Python runtime's versioned URLs (lib/python-runtime.ts). */
  runtime: RuntimeManifest;
}) {
  const draftKey = `${userId}:${assignment.id}`;
  const [files, setFiles] = useState<StarterFile[]>(initialWork.files?.length ? initialWork.files : assignment.starterFiles);
  const [active, setActive] = useState(0);
  const [work, setWork] = useState(initialWork);
  const [notice, setNotice] = useState<string | null>(null);
  const restoredFiles = useRef<string | null>(null);
  const [stdin, setStdin] = useState("");
  const [output, setOutput] = useState<OutputPart[]>([]);
  /** What a screen reader is told when an action starts and ends (a polite live region; WCAG 4.1.3). */
  const [announcement, setAnnouncement] = useState("");
  const [busy, setBusy] = useState<"run" | "check" | "submit" | null>(null);
  const [checks, setChecks] = useState<(StudentTestResult | { name: string; status: "running" })[] | null>(null);
  const [message, setMessage] = useState<{ text: string; offline: boolean } | null>(null);
  const [offlineRuntime, setOfflineRuntime] = useState<OfflineRuntime | null>(null);
  const [onDevice, setOnDevice] = useState(true);
  const submissionId = useRef<string | null>(initialWork.submissionId);
  const [knownSubmissionId, setKnownSubmissionId] = useState(initialWork.submissionId);
  const ensuring = useRef<Promise<string> | null>(null);
  const runner = useMemo(() => (typeof window === "undefined" ? null : new PythonRunner(runtime.worker)), [runtime.worker]);
  const events = useMemo(() => (typeof window === "undefined" ? null : new EventLog(draftKey, token, !readOnly)), [draftKey, token, readOnly]);
  const editTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const outputPanel = useRef<HTMLPreElement>(null);
  const followOutput = useRef(true);

  // The newest output (and "[Stopped.]") is at the end: keep the panel scrolled there as output arrives, unless the
  // student scrolled up to read (a new run follows again).
  useEffect(() => {
    const panel = outputPanel.current;
    if (!panel) return;
    if (output.length === 0) followOutput.current = true;
    if (followOutput.current) panel.scrollTop = panel.scrollHeight;
  }, [output]);

  const ensureSubmission = useCallback(async () => {
    if (submissionId.current) return submissionId.current;
    ensuring.current ??= workFetch<StudentWork>("/api/submissions", {
      method: "POST",
      body: { courseId: assignment.courseId, assignmentId: assignment.id },
      token,
    }).then((w) => {
      submissionId.current = w.submissionId;
      setKnownSubmissionId(w.submissionId);
      events?.attach(w.submissionId!);
      return w.submissionId!;
    });
    try {
      return await ensuring.current;
    } finally {
      ensuring.current = null;
    }
  }, [assignment.courseId, assignment.id, token, events]);

  const { status: saveStatus, saver } = useAutosave({ draftKey, ensureSubmission, token, readOnly, initialSavedAt: initialWork.savedAt });

  // On load: the newer of the server's copy and this device's unsaved copy wins, and the student is told.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      void keptOnDevice().then((kept) => !cancelled && setOnDevice(kept));
      const draft = await readDraft(draftKey).catch(() => null);
      if (cancelled || readOnly || !draft) return;
      const choice = chooseDraft(draft, { files: initialWork.files, savedAt: initialWork.savedAt });
      if (choice === "clean") {
        await markDraftSaved(draftKey, draft.changedAt);
      } else if (choice === "restore") {
        setFiles(draft.files);
        setNotice(`Restored work from this device that had not reached the server yet (changed ${new Date(draft.changedAt).toLocaleString()}).`);
        saver.resume(draft.files, draft.changedAt);
      } else if (choice === "replace") {
        setNotice("A newer copy from the server was loaded; this device's older copy was replaced.");
        await writeDraft({ key: draftKey, files: initialWork.files!, changedAt: initialWork.savedAt!, dirty: false });
      }
    })();
    runner?.warm();
    // Stored once Python has loaded, so the service worker's copies come from the HTTP cache, not a second download.
    void runner?.firstLoad
      .then(() => keepRuntimeOffline(runtime.assets))
      .then((state) => !cancelled && setOfflineRuntime(state));
    events?.record("Session.Start");
    if (submissionId.current) events?.attach(submissionId.current);
    else if (!readOnly) void ensureSubmission().catch(() => {});
    const focus = () => events?.record("X-Focus");
    const blur = () => events?.record("X-Blur");
    const end = () => {
      events?.record("Session.End");
      void events?.flush({ keepalive: true });
    };
    // Back online: send what queued up now instead of waiting out the backoff, and take down the offline notice.
    const online = () => {
      void events?.flush({ force: true });
      setMessage((m) => (m?.offline ? null : m));
    };
    window.addEventListener("focus", focus);
    window.addEventListener("blur", blur);
    window.addEventListener("pagehide", end);
    window.addEventListener("online", online);
    return () => {
      cancelled = true;
      window.removeEventListener("focus", focus);
      window.removeEventListener("blur", blur);
      window.removeEventListener("pagehide", end);
      window.removeEventListener("online", online);
      events?.detach();
    };
    // Runs once per mount; the initial values are what the server rendered.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // While the server grades, poll until the grade is ready.
  useEffect(() => {
    if (work.grading !== "queued" && work.grading !== "running") return;
    const timer = setTimeout(async () => {
      try {
        setWork(await workFetch<StudentWork>(`/api/submissions/${submissionId.current}`, { token }));
      } catch {
        setWork((w) => ({ ...w }));
      }
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [work, token]);

  function edit(content: string) {
    const next = files.map((f, i) => (i === active ? { ...f, content } : f));
    setFiles(next);
    // "Restored version N." stops being true once the code differs from that version (issue 19, item 7).
    if (restoredFiles.current !== null && JSON.stringify(next) !== restoredFiles.current) {
      restoredFiles.current = null;
      setNotice(null);
    }
    saver.change(next);
    if (editTimer.current) clearTimeout(editTimer.current);
    editTimer.current = setTimeout(() => events?.record("File.Edit", { files: next }), 1500);
  }

  async function run() {
    if (!runner) return;
    setBusy("run");
    setOutput([]);
    setAnnouncement("Running your program…");
    const append = (stream: OutputPart["stream"], text: string) => setOutput((o) => [...o, { stream, text }]);
    events?.record("Run.Program", { files });
    const end = await runner.run({ files, mainFile: assignment.mainFile, stdin, timeLimitMs: RUN_LIMIT_MS }, append);
    if (end.kind === "done") {
      const error = end.result.error;
      if (error) {
        const hint = error.type === "EOFError" && !stdin.trim() ? "\nYour program asked for input: type it in “Input for your program” and run again." : "";
        append("stderr", error.message + hint);
        events?.record(error.phase === "compile" ? "Compile.Error" : "Run.Error", { data: { type: error.type, message: error.message.slice(0, 2000) } });
      }
      if (end.result.truncated) append("stderr", "\n[Output was cut off.]");
      setAnnouncement(error ? `Your program stopped with an error: ${error.type}.` : "Your program finished.");
    } else {
      append("stderr", `\n[${end.message}]`);
      setAnnouncement(`Your program was stopped: ${end.message}`);
    }
    setBusy(null);
  }

  async function check() {
    if (!runner) return;
    const { functionTests, ioCases } = assignment.visibleTests;
    setBusy("check");
    setAnnouncement(`Checking ${functionTests.length + ioCases.length} visible tests…`);
    setChecks([...functionTests, ...ioCases].map((t) => ({ name: t.name, status: "running" as const })));
    events?.record("X-Check", { files });
    const outcome: RunOutcome = { cases: ioCases.map(() => null), tests: functionTests.map(() => null), failure: null, ms: 0 };
    const tests = {
      functionTests: functionTests.map((t) => ({ ...t, visibility: "visible" as const })),
      ioCases: ioCases.map((c) => ({ ...c, visibility: "visible" as const })),
    };
    const show = () => setChecks(buildResults(tests, outcome).map(({ visibility: _v, ...r }) => r));
    const end = await runner.check({ files, mainFile: assignment.mainFile, functionTests, ioCases, timeLimitMs: assignment.timeLimitMs }, (kind, index, result) => {
      if (kind === "test") outcome.tests[index] = result as TestOutcome;
      else outcome.cases[index] = result as CaseOutcome;
    });
    if ("message" in end) outcome.failure = { kind: end.kind === "timeout" ? "timeout" : "crash", message: end.message };
    show();
    const results = buildResults(tests, outcome);
    setAnnouncement(`Check finished: ${results.filter((r) => r.status === "passed").length} of ${results.length} visible tests passed.`);
    setBusy(null);
  }

  async function submit() {
    setBusy("submit");
    setMessage(null);
    setAnnouncement("Submitting…");
    events?.record("Submit", { files });
    try {
      const id = await ensureSubmission();
      await saver.flush();
      setWork(await workFetch<StudentWork>(`/api/submissions/${id}/submit`, { method: "POST", body: { files, clientSavedAt: new Date().toISOString() }, token }));
      setAnnouncement("Submitted.");
    } catch (error) {
      const offline = error instanceof ApiError && error.offline;
      setMessage({ offline, text: offline ? `You are offline. ${onDevice ? "Your work is kept on this device" : "Keep this tab open"}; submit again when you are back online.` : (error as Error).message });
    }
    setBusy(null);
  }

  function restore(restored: StarterFile[], version: number) {
    setFiles(restored);
    setActive(0);
    saver.change(restored, "restore");
    events?.record("X-Restore", { files: restored, data: { version } });
    restoredFiles.current = JSON.stringify(restored);
    setNotice(`Restored version ${version}.`);
  }

  const file = files[active] ?? files[0];
  return (
    <section aria-labelledby="editor-heading" className="min-w-0">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="editor-heading" className="text-base font-semibold">Your code</h2>
        <p role="status" className="text-sm text-slate-700">{statusText(saveStatus, onDevice)}</p>
      </div>
      <p role="status" className="empty:hidden mt-2 rounded bg-amber-50 p-2 text-sm text-amber-900">{notice}</p>
      <p role="status" className="sr-only">{announcement}</p>
      {files.length > 1 && (
        <div role="tablist" aria-label="Files" className="mt-2 flex flex-wrap gap-1">
          {files.map((f, i) => (
            <button key={f.name} role="tab" type="button" aria-selected={i === active} onClick={() => setActive(i)}
              className={`${button} ${i === active ? "bg-slate-800 text-white" : "border border-slate-300"}`}>
              {f.name}
            </button>
          ))}
        </div>
      )}
      <div className="mt-2">
        <CodeEditor value={file.content} onChange={edit} onPaste={(size) => events?.record("X-Paste", { data: { size } })}
          label={`Code editor: ${file.name}`} readOnly={readOnly} describedBy="editor-keys"
          markedLines={comments.filter((c) => commentStillApplies(c, file.name, file.content)).flatMap((c) => Array.from({ length: c.endLine - c.startLine + 1 }, (_, i) => c.startLine + i))} />
        <p id="editor-keys" className="mt-1 text-xs text-slate-600">
          Tab indents. To leave the editor with the keyboard, press Esc, then Tab. Ctrl+M switches Tab between indenting and moving focus.
        </p>
      </div>
      <div className="mt-3 flex flex-wrap gap-2">
        <ActionButton onClick={run} unavailable={busy !== null} className="bg-sky-700 text-white hover:bg-sky-800">Run</ActionButton>
        <ActionButton onClick={() => runner?.stop()} unavailable={busy !== "run" && busy !== "check"} className="border border-slate-400">Stop</ActionButton>
        <ActionButton onClick={check} unavailable={busy !== null} className="border border-sky-700 text-sky-800">Check</ActionButton>
        <ActionButton onClick={submit} unavailable={busy !== null || readOnly || work.locked} className="bg-green-700 text-white hover:bg-green-800">Submit</ActionButton>
      </div>
      {work.locked && <p className="mt-2 text-sm text-slate-700">This assignment is closed for submissions. Your work is still saved.</p>}
      {message && <p role="alert" className="mt-2 rounded bg-red-50 p-2 text-sm text-red-900">{message.text}</p>}
      {offlineRuntime === "unavailable" && (
        <p className="mt-2 text-sm text-slate-700">
          This browser does not let Lantern keep Python on this device here (storage is blocked inside this page), so
          Run may need a connection after Stop or a reload. Opening Lantern in its own tab avoids this.
        </p>
      )}
      <label htmlFor="program-input" className="mt-3 block text-sm font-medium">Input for your program (one line per <code>input()</code>)</label>
      <textarea id="program-input" value={stdin} onChange={(e) => setStdin(e.target.value)} rows={2}
        className="mt-1 w-full rounded border border-slate-300 p-2 font-mono text-sm" />
      <h3 className="mt-3 text-sm font-medium" id="output-heading">Output</h3>
      {/* role=log: a named live region that screen readers announce as it grows (a bare <pre> is not named). */}
      <pre ref={outputPanel} onScroll={(e) => (followOutput.current = e.currentTarget.scrollTop + e.currentTarget.clientHeight >= e.currentTarget.scrollHeight - 8)}
        role="log" aria-labelledby="output-heading" tabIndex={0} className="mt-1 max-h-64 min-h-16 overflow-auto whitespace-pre-wrap [overflow-wrap:anywhere] rounded bg-slate-900 p-2 text-sm text-slate-50">
        {output.length === 0 && busy === "run" && "Running…"}
        {output.map((part, i) =>
          part.stream === "stderr" ? (
            // Errors differ by more than colour (WCAG 1.4.1): a marked span with a text cue for screen readers.
            <mark key={i} data-stream="stderr" className="bg-transparent text-red-300 underline decoration-dotted">
              <span className="sr-only">Error output: </span>
              {part.text}
            </mark>
          ) : (
            <span key={i}>{part.text}</span>
          ),
        )}
      </pre>
      {checks && (
        <section aria-labelledby="check-heading" className="mt-3">
          <h3 id="check-heading" className="text-sm font-medium">Check (visible tests, in your browser; your grade comes from Submit)</h3>
          {checks.length === 0 ? (
            <p className="mt-1 text-sm text-slate-700">This assignment has no visible tests to check. Submit to have your work graded.</p>
          ) : (
            <TestResults results={checks} label="Check results" />
          )}
        </section>
      )}
      <div aria-live="polite"><GradePanel work={work} /></div>
      <CodeComments comments={comments} />
      <VersionHistory submissionId={knownSubmissionId} token={token} disabled={readOnly} onRestore={restore} />
    </section>
  );
}

