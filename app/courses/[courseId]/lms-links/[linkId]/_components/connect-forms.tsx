"use client";

import { SubmitButton } from "@/components/submit-button";
import { useActionState } from "react";
import { AssignmentChoices, type AssignmentChoice } from "@/components/assignment-choices";
import { PointsInput } from "@/components/points-input";
import { connectLinkAction } from "../actions";

/** Pick an existing assignment, or create one, for an LMS link that names none. */
export function ConnectForms({ courseId, linkId, assignments }: { courseId: string; linkId: string; assignments: AssignmentChoice[] }) {
  const [picked, pickAction, picking] = useActionState(connectLinkAction, undefined);
  const [created, createAction, creating] = useActionState(connectLinkAction, undefined);
  const hidden = (
    <>
      <input type="hidden" name="courseId" value={courseId} />
      <input type="hidden" name="linkId" value={linkId} />
    </>
  );
  return (
    <>
      {assignments.length > 0 && (
        <form action={pickAction} className="mt-4">
          {hidden}
          <input type="hidden" name="intent" value="pick" />
          <fieldset aria-describedby="pick-errors">
            <legend className="text-base font-semibold">Connect an existing assignment</legend>
            <AssignmentChoices assignments={assignments} type="radio" checked={picked?.values?.assignment} />
          </fieldset>
          <p id="pick-errors" role="status" className="mt-1 text-sm text-red-800">
            {picked?.fieldErrors?.assignment?.[0] ?? picked?.message}
          </p>
          <SubmitButton unavailable={picking} className="mt-2 rounded bg-lantern-700 px-4 py-2 text-white disabled:opacity-50">
            Connect
          </SubmitButton>
        </form>
      )}
      <form action={createAction} className="mt-8">
        {hidden}
        <input type="hidden" name="intent" value="create" />
        <fieldset className="space-y-2">
          <legend className="text-base font-semibold">{assignments.length > 0 ? "Or create a new assignment" : "Create an assignment for it"}</legend>
          <label className="block">
            <span className="text-sm">Title</span>
            <input
              name="title"
              key={`t-${created?.values?.title}`}
              defaultValue={created?.values?.title ?? ""}
              maxLength={200}
              aria-describedby="create-errors"
              className="mt-1 block w-full rounded border border-slate-400 px-2 py-1"
            />
          </label>
          <PointsInput
            id="create-points"
            name="points"
            label="Points"
            key={`p-${created?.values?.points}`}
            defaultValue={created?.values?.points ?? "10"}
            error={created?.fieldErrors?.points?.[0]}
          />
        </fieldset>
        <p id="create-errors" role="status" className="mt-1 text-sm text-red-800">
          {created?.fieldErrors?.title?.[0]} {created?.fieldErrors?.points && "Not created: check the points."} {!created?.fieldErrors && created?.message}
        </p>
        <SubmitButton unavailable={creating} className="mt-2 rounded bg-lantern-700 px-4 py-2 text-white disabled:opacity-50">
          Create and connect
        </SubmitButton>
      </form>
    </>
  );
}
