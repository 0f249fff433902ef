"use client";

import { SubmitButton } from "@/components/submit-button";
import { useActionState, useState } from "react";
import { primaryButton } from "@/components/form-controls";
import { grantExtensionAction } from "../actions";
import { GrantFields } from "./grant-fields";

type Option = { id: string; label: string };

/** Grant an extension: one student, one assignment (new dates or extra days) or all assignments (an accommodation). */
export function GrantForm({ courseId, timeZone, students, assignments, userId }: { courseId: string; timeZone: string; students: Option[]; assignments: Option[]; userId?: string }) {
  const [state, formAction, pending] = useActionState(grantExtensionAction, undefined);
  const v = state?.values;
  const [assignmentId, setAssignmentId] = useState(v?.assignmentId ?? "");
  const err = (k: string) => state?.fieldErrors?.[k]?.[0];
  return (
    <form action={formAction} className="mt-3 space-y-3 rounded border border-slate-200 p-4">
      <input type="hidden" name="courseId" value={courseId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="grant-student" className="block text-sm font-medium">Student</label>
          <select id="grant-student" name="userIds" key={`u-${v?.userIds ?? userId}`} defaultValue={v?.userIds ?? userId ?? ""} required className="mt-1 block w-full max-w-md rounded border border-slate-400 px-2 py-1" aria-describedby={err("userIds") ? "grant-student-error" : undefined} aria-invalid={err("userIds") ? true : undefined}>
            <option value="" disabled>Choose a student</option>
            {students.map((s) => (
              <option key={s.id} value={s.id}>{s.label}</option>
            ))}
          </select>
          {err("userIds") && <p id="grant-student-error" className="mt-1 text-sm text-red-800">{err("userIds")}</p>}
        </div>
        <div>
          <label htmlFor="grant-assignment" className="block text-sm font-medium">Applies to</label>
          <select id="grant-assignment" name="assignmentId" value={assignmentId} onChange={(e) => setAssignmentId(e.target.value)} className="mt-1 block w-full max-w-md rounded border border-slate-400 px-2 py-1">
            <option value="">Every assignment (accommodation)</option>
            {assignments.map((a) => (
              <option key={a.id} value={a.id}>{a.label}</option>
            ))}
          </select>
        </div>
      </div>
      <GrantFields prefix="grant" timeZone={timeZone} values={v} errors={err} datesAllowed={assignmentId !== ""} />
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton unavailable={pending} className={primaryButton}>Grant extension</SubmitButton>
        <p role="status" className={`text-sm ${state?.ok ? "text-green-800" : "text-red-800"}`}>{state?.message}</p>
      </div>
    </form>
  );
}
