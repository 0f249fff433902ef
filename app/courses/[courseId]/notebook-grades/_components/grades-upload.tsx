"use client";

import Link from "next/link";
import { startTransition, useActionState, useState } from "react";
import { primaryButton, secondaryButton } from "@/components/form-controls";
import { uploadNotebookGradesAction } from "../actions";

const OUTCOME = { send: "Will be sent", unchanged: "Unchanged", skip: "Skipped", problem: "Problem" } as const;
const SENT = { send: "Sent", unchanged: "Unchanged", skip: "Skipped", problem: "Problem" } as const;

/** Choose grades.csv, preview every row (what is sent, skipped or refused, and why), then send the scores. */
export function GradesUpload({ courseId }: { courseId: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [state, run, pending] = useActionState(uploadNotebookGradesAction, undefined);
  // aria-disabled, not disabled: a disabled button drops keyboard focus to the page body while the file is read.
  const send = (intent: "preview" | "apply") => {
    if (!file || pending) return;
    const form = new FormData();
    form.set("courseId", courseId);
    form.set("intent", intent);
    if (file) form.set("file", file);
    startTransition(() => run(form));
  };
  const rows = state?.data?.rows;
  const applied = state?.data?.sent !== undefined;
  const toSend = rows?.filter((r) => r.outcome === "send").length ?? 0;
  const fileError = state?.fieldErrors?.file?.[0];
  return (
    <div className="mt-4 space-y-4">
      <div>
        <label htmlFor="grades-csv" className="block text-sm font-medium">
          nbgrader grades CSV
        </label>
        <input
          id="grades-csv"
          type="file"
          accept=".csv,text/csv"
          className="mt-1 block text-sm"
          aria-describedby={fileError ? "grades-csv-hint grades-csv-error" : "grades-csv-hint"}
          aria-invalid={fileError ? true : undefined}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <p id="grades-csv-hint" className="mt-1 text-xs text-slate-600">
          The <code>grades.csv</code> that <code>nbgrader export</code> writes (columns assignment, timestamp, student_id, email, score, max_score).
        </p>
        {fileError && (
          <p id="grades-csv-error" className="mt-1 text-sm text-red-800">
            {fileError}
          </p>
        )}
      </div>
      <button type="button" aria-disabled={!file || pending || undefined} onClick={() => send("preview")} className={`${secondaryButton} aria-disabled:opacity-50`}>
        Preview the grades
      </button>
      <div role="status" aria-live="polite" className="text-sm">
        {pending && "Reading the file…"}
        {!pending && state?.message && !fileError && <p className={state.ok ? "text-green-800" : "text-red-800"}>{state.message}</p>}
        {!pending && applied && (
          <p>
            Follow them on <Link href={`/courses/${courseId}/grade-sync`} className="text-lantern-700 underline">Grade sync</Link>.
          </p>
        )}
      </div>
      {rows && (
        <section aria-labelledby="grades-preview">
          <h2 id="grades-preview" className="text-base font-semibold">
            {applied ? "Imported" : `Preview: ${toSend} grade${toSend === 1 ? "" : "s"} to send`}
          </h2>
          <div className="mt-2 max-w-full relative overflow-x-auto" tabIndex={0} role="region" aria-labelledby="grades-preview">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Each row of the file and what importing it does</caption>
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-1 pr-3">Line</th>
                  <th scope="col" className="py-1 pr-3">Assignment</th>
                  <th scope="col" className="py-1 pr-3">Student</th>
                  <th scope="col" className="py-1 pr-3">nbgrader</th>
                  <th scope="col" className="py-1 pr-3">Lantern score</th>
                  <th scope="col" className="py-1 pr-3">Now</th>
                  <th scope="col" className="py-1">What happens</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.line} className="border-b border-slate-200 align-top">
                    <td className="py-1 pr-3">{r.line}</td>
                    <td className="py-1 pr-3">{r.assignment?.title ?? r.assignmentName}</td>
                    <td className="py-1 pr-3">
                      {r.student?.name ?? r.studentId}
                      {r.student?.name && <span className="text-slate-600"> ({r.studentId})</span>}
                    </td>
                    <td className="py-1 pr-3">{r.nbgrader ?? "—"}</td>
                    <td className="py-1 pr-3">{r.score === null ? "—" : `${r.score} / ${r.assignment?.points}`}</td>
                    <td className="py-1 pr-3">{r.current === null ? "—" : r.current}</td>
                    <td className={`py-1 ${r.outcome === "problem" ? "text-red-800" : ""}`}>
                      <span className="font-medium">{(applied ? SENT : OUTCOME)[r.outcome]}</span>
                      {r.message && `: ${r.message}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!applied && toSend > 0 && (
            <button type="button" aria-disabled={pending || undefined} onClick={() => send("apply")} className={`${primaryButton} mt-3 aria-disabled:opacity-50`}>
              Send {toSend} grade{toSend === 1 ? "" : "s"} to the LMS
            </button>
          )}
        </section>
      )}
    </div>
  );
}
