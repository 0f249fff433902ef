"use client";

import { SubmitButton } from "@/components/submit-button";
import { useActionState } from "react";
import { consentChoiceAction } from "../actions";

/** Yes / no for research use of the student's own de-identified work. */
export function ConsentForm({ courseId, choice }: { courseId: string; choice: "granted" | "declined" | null }) {
  const [state, formAction, pending] = useActionState(consentChoiceAction, undefined);
  return (
    <form action={formAction} className="flex flex-col gap-3">
      <input type="hidden" name="courseId" value={courseId} />
      <fieldset>
        <legend className="font-medium">May researchers use your de-identified work from this course?</legend>
        <div className="mt-2 flex items-center gap-2">
          <input type="radio" id="consent-yes" name="choice" value="granted" defaultChecked={choice === "granted"} />
          <label htmlFor="consent-yes">Yes, include my de-identified work</label>
        </div>
        <div className="mt-1 flex items-center gap-2">
          <input type="radio" id="consent-no" name="choice" value="declined" defaultChecked={choice === "declined"} />
          <label htmlFor="consent-no">No, leave my work out</label>
        </div>
      </fieldset>
      <div className="flex items-center gap-3">
        <SubmitButton unavailable={pending} className="w-fit rounded bg-lantern-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-lantern-600 disabled:opacity-50">
          Save my choice
        </SubmitButton>
        <p role="status" className="text-sm text-slate-800">{state?.message ?? state?.fieldErrors?.choice?.join(" ")}</p>
      </div>
    </form>
  );
}
