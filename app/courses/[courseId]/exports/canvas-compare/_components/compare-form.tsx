"use client";

import { SubmitButton } from "@/components/submit-button";
import { useActionState } from "react";
import { compareAction } from "../actions";

const KIND = { differs: "Different", missing_in_canvas: "Missing in Canvas", missing_in_lantern: "Missing in Lantern" } as const;

/** Upload a Canvas gradebook export and see where Canvas and Lantern disagree. */
export function CompareForm({ courseId }: { courseId: string }) {
  const [state, formAction, pending] = useActionState(compareAction, undefined);
  const c = state?.comparison;
  return (
    <div>
      <form action={formAction} className="flex flex-col gap-2">
        <input type="hidden" name="courseId" value={courseId} />
        <label htmlFor="gradebook" className="font-medium">Canvas gradebook CSV</label>
        <input id="gradebook" name="gradebook" type="file" accept=".csv,text/csv" className="text-sm" />
        <SubmitButton unavailable={pending} className="w-fit rounded bg-lantern-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-lantern-600 disabled:opacity-50">
          Compare
        </SubmitButton>
        <p role="status" className="text-sm text-red-800">{state?.message}</p>
      </form>
      {c && (
        <section aria-labelledby="compare-result" className="mt-6">
          <h2 id="compare-result" className="text-base font-semibold">
            {c.differences.length === 0 ? "Canvas and Lantern agree" : `${c.differences.length} difference${c.differences.length === 1 ? "" : "s"}`}
          </h2>
          <p className="mt-1 text-sm text-slate-700">
            {state?.filename}: {c.matchedStudents} of {c.students} students matched; {c.agreeing} grades agree. Columns compared: {c.matchedColumns.join(", ") || "none"}.
            {c.ignoredColumns.length > 0 && ` Ignored: ${c.ignoredColumns.join(", ")}.`}
          </p>
          {c.unmatchedStudents.length > 0 && <p className="mt-1 text-sm text-slate-700">Not found in Lantern: {c.unmatchedStudents.join(", ")}.</p>}
          {c.differences.length > 0 && (
            <div className="mt-3 max-w-full relative overflow-x-auto" tabIndex={0}>
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Grades where Canvas and Lantern disagree</caption>
                <thead>
                  <tr className="border-b border-slate-300">
                    <th scope="col" className="py-1 pr-3">Student</th>
                    <th scope="col" className="py-1 pr-3">Assignment</th>
                    <th scope="col" className="py-1 pr-3">Lantern</th>
                    <th scope="col" className="py-1 pr-3">Canvas</th>
                    <th scope="col" className="py-1 pr-3">What</th>
                  </tr>
                </thead>
                <tbody>
                  {c.differences.map((d, i) => (
                    <tr key={i} className="border-b border-slate-200">
                      <td className="py-1 pr-3">{d.student}</td>
                      <td className="py-1 pr-3">{d.assignment}</td>
                      <td className="py-1 pr-3">{d.lantern ?? "—"}</td>
                      <td className="py-1 pr-3">{d.canvas || "—"}</td>
                      <td className="py-1 pr-3">{KIND[d.kind]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
