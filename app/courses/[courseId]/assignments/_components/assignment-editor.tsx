"use client";

import { SubmitButton } from "@/components/submit-button";
import { useActionState, useCallback, useState } from "react";
import { PointsInput } from "@/components/points-input";
import type { EditorValues } from "@/lib/assignments/editor-payload";
import type { LatePolicy } from "@/lib/grading/types";
import { saveAssignmentAction } from "../actions";
import { errorsFor, Field, inputClass, primaryButton } from "./field";
import { FilesEditor } from "./files-editor";
import { InstructionsEditor } from "./instructions-editor";
import { ReferenceCheck } from "./reference-check";
import { FunctionTestsEditor, IoCasesEditor } from "./tests-editor";

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 p-4">
      <h2 id={id} className="text-base font-semibold">
        {title}
      </h2>
      <div className="mt-3 space-y-4">{children}</div>
    </section>
  );
}

/**
 * The whole assignment in one form: details, instructions, starter files, tests, reference solution, dates and
 * policy. The state lives here; Save posts it as one JSON payload with the revision it was based on.
 */
export function AssignmentEditor({
  courseId,
  assignmentId,
  revision,
  initial,
  groups,
  timeZone,
  readOnly,
}: {
  courseId: string;
  assignmentId?: string;
  revision?: number;
  initial: EditorValues;
  groups: { id: string; title: string }[];
  timeZone: string;
  readOnly: boolean;
}) {
  const [values, setValues] = useState(initial);
  const [failingReference, setFailingReference] = useState<number | null>(null);
  const onReferenceResult = useCallback((failing: number | null) => setFailingReference(failing), []);
  const [state, formAction, pending] = useActionState(saveAssignmentAction, undefined);
  const errors = state?.fieldErrors;
  const set = <K extends keyof EditorValues>(key: K, value: EditorValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const text = (key: "title" | "slug" | "attemptLimit" | "gradingTimeLimitSeconds", label: string, hint?: string, extra?: React.InputHTMLAttributes<HTMLInputElement>) => (
    <Field label={label} hint={hint} errors={errorsFor(errors, key, key === "gradingTimeLimitSeconds" ? "gradingTimeLimitMs" : key)}>
      {(props) => <input {...props} {...extra} className={inputClass} value={values[key]} onChange={(e) => set(key, e.target.value)} />}
    </Field>
  );
  const date = (key: "opensAt" | "dueAt" | "lockAt", label: string, hint: string) => (
    <Field label={label} hint={hint} errors={errorsFor(errors, key)}>
      {(props) => <input {...props} type="datetime-local" className={inputClass} value={values[key]} onChange={(e) => set(key, e.target.value)} />}
    </Field>
  );
  const policy = values.latePolicy;
  const setPolicy = (kind: LatePolicy["kind"]) =>
    set("latePolicy", kind === "penalty" ? { kind, percentPerDay: 10, maxPercent: 50 } : ({ kind } as LatePolicy));
  const testCount = values.functionTests.length + values.ioCases.length;

  return (
    <form
      action={formAction}
      className="mt-4 space-y-6"
      aria-describedby="editor-status"
      onSubmit={(e) => {
        // Publishing over a reference solution that fails its own tests is allowed, but only on purpose.
        const publishing = values.status === "published" && initial.status !== "published";
        if (publishing && failingReference && !window.confirm(`The reference solution fails ${failingReference} test${failingReference === 1 ? "" : "s"}. Publish anyway?`)) {
          e.preventDefault();
        }
      }}
    >
      <input type="hidden" name="courseId" value={courseId} />
      {assignmentId && <input type="hidden" name="assignmentId" value={assignmentId} />}
      {revision !== undefined && <input type="hidden" name="revision" value={revision} />}
      <input type="hidden" name="payload" value={JSON.stringify(values)} />
      <fieldset disabled={readOnly} className="space-y-6">
        <legend className="sr-only">Assignment</legend>
        <Section id="details" title="Details">
          <div className="grid gap-4 sm:grid-cols-2">
            {text("title", "Title", undefined, { maxLength: 200 })}
            {text("slug", "Short name", "Used as the folder name when the course is exported (lower-case, digits, dashes).", { maxLength: 60 })}
            <PointsInput
              id="assignment-points"
              label="Points"
              hint="What the LMS gradebook shows as the maximum."
              error={errorsFor(errors, "points").join(" ")}
              value={values.points}
              onChange={(e) => set("points", e.target.value)}
            />
            <Field label="Assignment group" errors={errorsFor(errors, "groupId")}>
              {(props) => (
                <select {...props} className={inputClass} value={values.groupId} onChange={(e) => set("groupId", e.target.value)}>
                  <option value="">No group</option>
                  {groups.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.title}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Status" hint="Students never see drafts. Archived assignments leave students' lists; their work stays." errors={errorsFor(errors, "status")}>
              {(props) => (
                <select {...props} className={inputClass} value={values.status} onChange={(e) => set("status", e.target.value as EditorValues["status"])}>
                  <option value="draft">Draft</option>
                  <option value="published">Published</option>
                  <option value="archived">Archived</option>
                </select>
              )}
            </Field>
            <Field
              label="Grading"
              hint={testCount === 0 ? "With no tests, publish it as graded by staff: the LMS gets no score until you grade." : `${testCount} test${testCount === 1 ? "" : "s"}.`}
              errors={errorsFor(errors, "gradedBy")}
            >
              {(props) => (
                <select {...props} className={inputClass} value={values.gradedBy} onChange={(e) => set("gradedBy", e.target.value as EditorValues["gradedBy"])}>
                  <option value="autograder">Autograded by the tests</option>
                  <option value="staff">Graded by staff (no autograde)</option>
                </select>
              )}
            </Field>
          </div>
        </Section>

        <Section id="instructions" title="Instructions">
          <InstructionsEditor courseId={courseId} value={values.instructions} onChange={(v) => set("instructions", v)} errors={errors} disabled={readOnly} />
        </Section>

        <Section id="starter-files" title="Starter files">
          <p className="text-sm text-slate-700">What students start with. One Python file runs; data files can be read-only (the grader always uses your copy).</p>
          <FilesEditor
            legend="Starter file"
            path="starterFiles"
            files={values.starterFiles}
            onChange={(files) => set("starterFiles", files)}
            errors={errors}
            roles={{ readOnly: values.readOnlyFiles, onReadOnlyChange: (names) => set("readOnlyFiles", names) }}
          />
        </Section>

        <Section id="tests" title="Tests">
          <p className="text-sm text-slate-700">
            Each test is worth points; the grader scales the points earned to the assignment&apos;s points. Students can run visible tests with Check;
            hidden ones run only when they submit (they see how many passed).
          </p>
          <h3 className="text-sm font-semibold">Function tests</h3>
          <FunctionTestsEditor tests={values.functionTests} onChange={(t) => set("functionTests", t)} errors={errors} />
          <h3 className="text-sm font-semibold">Input/output tests</h3>
          <IoCasesEditor cases={values.ioCases} onChange={(c) => set("ioCases", c)} errors={errors} />
          {errorsFor(errors, "functionTests")
            .filter(() => !Object.keys(errors ?? {}).some((k) => k.startsWith("functionTests.")))
            .map((m) => (
              <p key={m} className="text-sm text-red-800">
                {m}
              </p>
            ))}
        </Section>

        <Section id="reference-solution" title="Reference solution">
          <p className="text-sm text-slate-700">Stored with the assignment and never sent to students. Use it to check your tests.</p>
          <FilesEditor legend="Solution file" path="referenceFiles" files={values.referenceFiles} onChange={(files) => set("referenceFiles", files)} errors={errors} />
          <ReferenceCheck courseId={courseId} assignmentId={assignmentId} values={values} onResult={onReferenceResult} />
        </Section>

        <Section id="dates" title="Dates and policy">
          <p className="text-sm text-slate-700">
            Dates are in the course&apos;s time zone, <strong>{timeZone}</strong>; students see them in their own. Dates an LMS sends with a launch (Canvas) override these for
            that student.
          </p>
          <div className="grid gap-4 sm:grid-cols-3">
            {date("opensAt", "Opens", "Before this, students cannot open it.")}
            {date("dueAt", "Due", "Later submissions are late.")}
            {date("lockAt", "Locks", "No submissions after this.")}
          </div>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="Late policy" errors={errorsFor(errors, "latePolicy")}>
              {(props) => (
                <select {...props} className={inputClass} value={policy.kind} onChange={(e) => setPolicy(e.target.value as LatePolicy["kind"])}>
                  <option value="none">No penalty</option>
                  <option value="penalty">Percent off per day late, up to a cap</option>
                  <option value="no_credit_after_lock">No credit after the lock date</option>
                </select>
              )}
            </Field>
            {policy.kind === "penalty" && (
              <>
                <Field label="Percent off per day" errors={[]}>
                  {(props) => (
                    <input {...props} inputMode="decimal" className={inputClass} value={Number.isNaN(policy.percentPerDay) ? "" : policy.percentPerDay} onChange={(e) => set("latePolicy", { ...policy, percentPerDay: e.target.value === "" ? NaN : Number(e.target.value) })} />
                  )}
                </Field>
                <Field label="At most (percent)" errors={[]}>
                  {(props) => (
                    <input {...props} inputMode="decimal" className={inputClass} value={Number.isNaN(policy.maxPercent) ? "" : policy.maxPercent} onChange={(e) => set("latePolicy", { ...policy, maxPercent: e.target.value === "" ? NaN : Number(e.target.value) })} />
                  )}
                </Field>
              </>
            )}
          </div>
          <div className="grid gap-4 sm:grid-cols-3">
            {text("attemptLimit", "Attempt limit", "Leave empty for unlimited submissions.", { inputMode: "numeric" })}
            <Field label="Which submission counts" errors={errorsFor(errors, "scoreCounting")}>
              {(props) => (
                <select {...props} className={inputClass} value={values.scoreCounting} onChange={(e) => set("scoreCounting", e.target.value as EditorValues["scoreCounting"])}>
                  <option value="last">The last one</option>
                  <option value="best">The best one</option>
                </select>
              )}
            </Field>
            {text("gradingTimeLimitSeconds", "Time limit for grading (seconds)", "All tests of one submission together.", { inputMode: "decimal" })}
          </div>
        </Section>
      </fieldset>

      <div className="sticky bottom-0 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-white py-3">
        {!readOnly && (
          <SubmitButton unavailable={pending} className={primaryButton}>
            {assignmentId ? "Save" : "Create assignment"}
          </SubmitButton>
        )}
        <p id="editor-status" role="status" aria-live="polite" className={state?.ok ? "text-sm text-green-800" : "text-sm text-red-800"}>
          {pending ? "Saving…" : state?.message}
        </p>
      </div>
    </form>
  );
}
