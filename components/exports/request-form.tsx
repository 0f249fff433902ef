"use client";

import { SubmitButton } from "@/components/submit-button";
import { useActionState, useState } from "react";
import { requestExportAction } from "@/app/courses/[courseId]/exports/actions";

type Kind = { id: string; label: string; description: string; audiences: ("staff" | "research")[] };

const ROLES = [
  { id: "student", label: "Students" },
  { id: "ta", label: "Teaching assistants" },
  { id: "instructor", label: "Instructors" },
  { id: "designer", label: "Designers" },
];

/** The export request form: what to export, for whom (identified or de-identified), and scope filters. */
export function RequestExportForm({
  courseId,
  kinds,
  assignments,
  researchOnly,
  returnTo,
}: {
  courseId: string;
  kinds: Kind[];
  assignments: { id: string; title: string }[];
  researchOnly: boolean;
  returnTo: "course" | "research";
}) {
  const [state, formAction, pending] = useActionState(requestExportAction, undefined);
  const [kind, setKind] = useState(kinds[0]?.id ?? "");
  const current = kinds.find((k) => k.id === kind);
  const canChooseAudience = !researchOnly && (current?.audiences.length ?? 0) > 1;
  const research = researchOnly || current?.audiences[0] === "research";
  const prefix = `req-${courseId}`;
  return (
    <form action={formAction} className="flex flex-col gap-4" aria-describedby={`${prefix}-status`}>
      <input type="hidden" name="courseId" value={courseId} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <fieldset>
        <legend className="font-medium">What to export</legend>
        {kinds.map((k) => (
          <div key={k.id} className="mt-1 flex items-start gap-2">
            <input type="radio" id={`${prefix}-kind-${k.id}`} name="kind" value={k.id} checked={kind === k.id} onChange={() => setKind(k.id)} className="mt-1" />
            <label htmlFor={`${prefix}-kind-${k.id}`} className="text-sm">
              <span className="font-medium">{k.label}</span> — {k.description}
            </label>
          </div>
        ))}
      </fieldset>
      {canChooseAudience && (
        <fieldset>
          <legend className="font-medium">Names</legend>
          <div className="mt-1 flex items-center gap-2">
            <input type="radio" id={`${prefix}-aud-staff`} name="audience" value="staff" defaultChecked />
            <label htmlFor={`${prefix}-aud-staff`} className="text-sm">With names and emails (every student)</label>
          </div>
          <div className="mt-1 flex items-center gap-2">
            <input type="radio" id={`${prefix}-aud-research`} name="audience" value="research" />
            <label htmlFor={`${prefix}-aud-research`} className="text-sm">De-identified (consenting students only)</label>
          </div>
        </fieldset>
      )}
      {kind === "submissions" && (
        <div className="flex flex-col gap-1">
          <label htmlFor={`${prefix}-code`} className="font-medium">Code</label>
          <select id={`${prefix}-code`} name="code" className="w-64 rounded border border-slate-400 px-2 py-1 text-sm" defaultValue="none">
            <option value="none">CSV only</option>
            <option value="final">Zip with each student&apos;s final code</option>
            <option value="all">Zip with every saved version</option>
          </select>
        </div>
      )}
      <fieldset>
        <legend className="font-medium">Assignments (none ticked: all)</legend>
        <div className="mt-1 grid grid-cols-1 gap-1 sm:grid-cols-2">
          {assignments.map((a) => (
            <div key={a.id} className="flex items-center gap-2">
              <input type="checkbox" id={`${prefix}-a-${a.id}`} name={`assignment_${a.id}`} />
              <label htmlFor={`${prefix}-a-${a.id}`} className="text-sm">{a.title}</label>
            </div>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap gap-4">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${prefix}-from`} className="text-sm font-medium">From (optional)</label>
          <input type="date" id={`${prefix}-from`} name="from" className="rounded border border-slate-400 px-2 py-1 text-sm" />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${prefix}-to`} className="text-sm font-medium">Until, not including (optional)</label>
          <input type="date" id={`${prefix}-to`} name="to" className="rounded border border-slate-400 px-2 py-1 text-sm" />
        </div>
      </div>
      <fieldset>
        <legend className="font-medium">Who</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {ROLES.map((r) => (
            <div key={r.id} className="flex items-center gap-2">
              <input type="checkbox" id={`${prefix}-r-${r.id}`} name={`role_${r.id}`} defaultChecked={r.id === "student"} />
              <label htmlFor={`${prefix}-r-${r.id}`} className="text-sm">{r.label}</label>
            </div>
          ))}
          <div className="flex items-center gap-2">
            <input type="checkbox" id={`${prefix}-test`} name="includeTestStudents" />
            <label htmlFor={`${prefix}-test`} className="text-sm">LMS test students</label>
          </div>
        </div>
      </fieldset>
      {research && (
        <div className="flex flex-col gap-1">
          <label htmlFor={`${prefix}-project`} className="text-sm font-medium">Research project (optional)</label>
          <input id={`${prefix}-project`} name="project" maxLength={100} className="w-64 rounded border border-slate-400 px-2 py-1 text-sm" aria-describedby={`${prefix}-project-hint`} />
          <p id={`${prefix}-project-hint`} className="text-sm text-slate-700">
            Datasets exported under one project name share subject ids; without one, each dataset gets new ids.
          </p>
        </div>
      )}
      <div className="flex items-center gap-3">
        <SubmitButton unavailable={pending} className="rounded bg-lantern-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-lantern-600 disabled:opacity-50">
          Start export
        </SubmitButton>
        <p id={`${prefix}-status`} role="status" className="text-sm text-red-800">
          {state?.message}
        </p>
      </div>
    </form>
  );
}
