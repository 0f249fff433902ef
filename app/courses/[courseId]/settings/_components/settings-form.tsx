"use client";

import { SubmitButton } from "@/components/submit-button";
import { useActionState } from "react";
import { saveCourseSettingsAction } from "../actions";

const input = "mt-1 block w-full max-w-sm rounded border border-slate-400 px-2 py-1";

/** Time zone, first day and TA editing for one course. */
export function SettingsForm({ courseId, timeZone, startsOn, taCanEdit, zones }: { courseId: string; timeZone: string; startsOn: string; taCanEdit: boolean; zones: string[] }) {
  const [state, formAction, pending] = useActionState(saveCourseSettingsAction, undefined);
  const v = state?.values;
  const err = (k: string) => state?.fieldErrors?.[k]?.[0];
  return (
    <form action={formAction} className="mt-4 space-y-4">
      <input type="hidden" name="courseId" value={courseId} />
      <div>
        <label htmlFor="timeZone" className="block text-sm font-medium">
          Time zone
        </label>
        <input id="timeZone" name="timeZone" list="time-zones" key={`tz-${v?.timeZone}`} defaultValue={v?.timeZone ?? timeZone} className={input} aria-describedby="timeZone-hint timeZone-error" />
        <datalist id="time-zones">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <p id="timeZone-hint" className="mt-1 text-xs text-slate-600">
          Staff enter assignment dates in this zone; students see dates in their own.
        </p>
        <p id="timeZone-error" className="text-sm text-red-800">
          {err("timeZone")}
        </p>
      </div>
      <div>
        <label htmlFor="startsOn" className="block text-sm font-medium">
          First day of the course
        </label>
        <input id="startsOn" name="startsOn" type="date" key={`s-${v?.startsOn}`} defaultValue={v?.startsOn ?? startsOn} className={input} aria-describedby="startsOn-hint startsOn-error" />
        <p id="startsOn-hint" className="mt-1 text-xs text-slate-600">
          Exported content writes dates relative to this day, so a copy for a new term only needs a new first day.
        </p>
        <p id="startsOn-error" className="text-sm text-red-800">
          {err("startsOn")}
        </p>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="taCanEdit" defaultChecked={v ? v.taCanEdit === "on" : taCanEdit} />
        Teaching assistants may edit assignments
      </label>
      <div className="flex items-center gap-3">
        <SubmitButton unavailable={pending} className="rounded bg-lantern-700 px-4 py-2 text-sm font-medium text-white hover:bg-lantern-600 disabled:opacity-50">
          Save settings
        </SubmitButton>
        <p role="status" className="text-sm text-red-800">
          {!state?.ok && state?.message}
        </p>
      </div>
    </form>
  );
}
