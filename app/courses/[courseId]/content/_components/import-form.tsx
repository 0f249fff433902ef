"use client";

import { startTransition, useActionState, useState } from "react";
import { importContentAction } from "../actions";

const SETTING_LABEL = { timeZone: "Time zone", startsOn: "First day" } as const;

/** Upload a content zip, see what it would create or change (or every problem, with line numbers), then import. */
export function ImportForm({ courseId }: { courseId: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [state, run, pending] = useActionState(importContentAction, undefined);
  const send = (intent: "preview" | "apply") => {
    const form = new FormData();
    form.set("courseId", courseId);
    form.set("intent", intent);
    if (file) form.set("file", file);
    if (intent === "apply" && state?.data?.plan) form.set("digest", state.data.plan.digest);
    startTransition(() => run(form));
  };
  const plan = state?.data?.plan;
  const errors = state?.data?.errors;
  const changing = plan ? plan.changes.filter((c) => c.action !== "unchanged").length + plan.settings.length + plan.groupsToCreate.length : 0;
  return (
    <div className="mt-3 space-y-4">
      <div>
        <label htmlFor="content-zip" className="block text-sm font-medium">
          Content zip
        </label>
        <input
          id="content-zip"
          type="file"
          accept=".zip,application/zip"
          className="mt-1 block text-sm"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          aria-describedby="import-status"
        />
      </div>
      <button type="button" disabled={!file || pending} onClick={() => send("preview")} className="rounded border border-slate-400 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-50">
        Preview the import
      </button>
      <div id="import-status" role="status" aria-live="polite" className="text-sm">
        {pending && "Reading the files…"}
        {!pending && state?.message && <p className={state.ok ? "text-green-800" : "text-red-800"}>{state.message}</p>}
        {!pending && state?.fieldErrors?.file && <p className="text-red-800">{state.fieldErrors.file[0]}</p>}
      </div>
      {errors && errors.length > 0 && (
        <section aria-labelledby="import-errors">
          <h3 id="import-errors" className="text-sm font-semibold text-red-900">
            Problems to fix
          </h3>
          <ul className="mt-1 list-disc space-y-1 pl-6 text-sm">
            {errors.map((e, i) => (
              <li key={i}>
                <code>
                  {e.file}
                  {e.line ? `:${e.line}` : ""}
                </code>{" "}
                {e.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      {plan && (
        <section aria-labelledby="import-preview">
          <h3 id="import-preview" className="text-sm font-semibold">
            Preview: {changing === 0 ? "nothing would change" : `${changing} change${changing === 1 ? "" : "s"}`}
          </h3>
          <div className="mt-2 max-w-full relative overflow-x-auto" tabIndex={0}>
            <table className="w-full border-collapse text-sm">
              <caption className="sr-only">What the import would do</caption>
              <thead>
                <tr className="text-left">
                  <th scope="col" className="border-b border-slate-300 py-1 pr-3">Assignment</th>
                  <th scope="col" className="border-b border-slate-300 py-1 pr-3">Action</th>
                  <th scope="col" className="border-b border-slate-300 py-1">What changes</th>
                </tr>
              </thead>
              <tbody>
                {plan.settings.map((s) => (
                  <tr key={s.field}>
                    <td className="border-b border-slate-200 py-1 pr-3">Course settings</td>
                    <td className="border-b border-slate-200 py-1 pr-3">Update</td>
                    <td className="border-b border-slate-200 py-1">
                      {SETTING_LABEL[s.field]}: {s.from ?? "none"} → {s.to ?? "none"}
                    </td>
                  </tr>
                ))}
                {plan.groupsToCreate.map((g) => (
                  <tr key={g}>
                    <td className="border-b border-slate-200 py-1 pr-3">Group “{g}”</td>
                    <td className="border-b border-slate-200 py-1 pr-3">Create</td>
                    <td className="border-b border-slate-200 py-1" />
                  </tr>
                ))}
                {plan.changes.map((c) => (
                  <tr key={c.slug}>
                    <td className="border-b border-slate-200 py-1 pr-3">
                      {c.title} <span className="text-slate-600">({c.slug})</span>
                    </td>
                    <td className="border-b border-slate-200 py-1 pr-3">{c.action === "create" ? "Create" : c.action === "update" ? "Update" : "Unchanged"}</td>
                    <td className="border-b border-slate-200 py-1">{c.fields.join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {plan.untouched.length > 0 && (
            <p className="mt-2 text-sm text-slate-700">Not in the files, left as they are: {plan.untouched.map((u) => u.title).join(", ")}.</p>
          )}
          <button type="button" disabled={pending || changing === 0} onClick={() => send("apply")} className="mt-3 rounded bg-lantern-700 px-4 py-2 text-sm font-medium text-white hover:bg-lantern-600 disabled:opacity-50">
            Import
          </button>
        </section>
      )}
    </div>
  );
}
