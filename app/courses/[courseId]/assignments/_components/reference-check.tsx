"use client";

import { startTransition, useActionState, useEffect, useState } from "react";
import type { EditorValues } from "@/lib/assignments/editor-payload";
import type { TestResult } from "@/lib/models/grades";
import { referenceCheckAction } from "../actions";
import { secondaryButton } from "./field";

type Check = { status: string; results: TestResult[] | null; failure: string | null; queue: { position: number } | null };

const VERDICT = { passed: "Passed", failed: "Failed", error: "Error", timeout: "Timed out" } as const;

/**
 * "Run tests against the reference solution": the tests and solution as they are in the editor (saved or not) go
 * to the real grader as a queued job; the verdicts appear here. `onResult` tells the editor how many tests failed.
 */
export function ReferenceCheck({ courseId, assignmentId, values, onResult }: { courseId: string; assignmentId?: string; values: EditorValues; onResult: (failing: number | null) => void }) {
  const [state, run, pending] = useActionState(referenceCheckAction, undefined);
  const [check, setCheck] = useState<Check | null>(null);
  const checkId = state?.data?.checkId;
  useEffect(() => {
    if (!checkId || !assignmentId) return;
    let stop = false;
    const poll = async () => {
      try {
        const response = await fetch(`/api/courses/${courseId}/assignments/${assignmentId}/reference-checks/${checkId}`, { credentials: "include" });
        if (response.ok) {
          const next = (await response.json()) as Check;
          if (stop) return;
          setCheck(next);
          if (next.status === "done" || next.status === "failed") {
            onResult(next.results ? next.results.filter((r) => r.status !== "passed").length + (next.failure ? 1 : 0) : 1);
            return;
          }
        }
      } catch {
        // Try again.
      }
      if (!stop) setTimeout(poll, 1000);
    };
    poll();
    return () => {
      stop = true;
    };
  }, [checkId, courseId, assignmentId, onResult]);

  if (!assignmentId) return <p className="text-sm text-slate-700">Create the assignment first; then you can run its tests against the reference solution.</p>;
  const start = () => {
    const form = new FormData();
    form.set("courseId", courseId);
    form.set("assignmentId", assignmentId);
    form.set("payload", JSON.stringify(values));
    setCheck(null);
    startTransition(() => run(form));
  };
  const running = pending || (checkId && (!check || check.status === "queued" || check.status === "running"));
  return (
    <div className="space-y-2">
      {/* aria-disabled keeps focus on the button while the check runs (issue 19, item 4). */}
      <button
        type="button"
        className={`${secondaryButton} aria-disabled:cursor-not-allowed aria-disabled:opacity-50`}
        onClick={() => !running && values.referenceFiles.length > 0 && start()}
        aria-disabled={Boolean(running) || values.referenceFiles.length === 0 || undefined}
      >
        Run tests against the reference solution
      </button>
      <div role="status" aria-live="polite" className="text-sm">
        {state?.message && !state.ok && <p className="text-red-800">{state.message}</p>}
        {state?.fieldErrors && <p className="text-red-800">Fix the fields marked above first: {Object.values(state.fieldErrors).flat()[0]}</p>}
        {running && <p className="text-slate-700">Checking in the grader{check?.queue ? ` (place ${check.queue.position} in the queue)` : ""}…</p>}
        {check?.status === "done" && check.results && (
          <p className={check.results.every((r) => r.status === "passed") && !check.failure ? "text-green-800" : "text-red-800"}>
            The reference solution passes {check.results.filter((r) => r.status === "passed").length} of {check.results.length} tests.
          </p>
        )}
        {check?.status === "failed" && <p className="text-red-800">The grader could not run the check: {check.failure ?? "try again"}.</p>}
      </div>
      {check?.results && (
        <div className="max-w-full relative overflow-x-auto" tabIndex={0}>
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">Each test against the reference solution</caption>
            <thead>
              <tr className="text-left">
                <th scope="col" className="border-b border-slate-300 py-1 pr-3">Test</th>
                <th scope="col" className="border-b border-slate-300 py-1 pr-3">Verdict</th>
                <th scope="col" className="border-b border-slate-300 py-1">Details</th>
              </tr>
            </thead>
            <tbody>
              {check.results.map((r, i) => (
                <tr key={i}>
                  <td className="border-b border-slate-200 py-1 pr-3">
                    {r.name} {r.visibility === "hidden" && <span className="text-slate-600">(hidden)</span>}
                  </td>
                  <td className="border-b border-slate-200 py-1 pr-3">{VERDICT[r.status]}</td>
                  <td className="border-b border-slate-200 py-1 font-mono text-xs whitespace-pre-wrap">{r.status === "passed" ? "" : [r.message, r.detail].filter(Boolean).join("\n")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {check?.failure && <p className="text-sm text-red-800">{check.failure}</p>}
    </div>
  );
}
