"use client";

import { useId, useState } from "react";
import { CodeEditor } from "@/components/editor/code-editor";
import { PointsInput } from "@/components/points-input";
import { parsePoints } from "@/lib/assignments/points";
import type { AssertTest, CallTest, FunctionTest, IoCase } from "@/lib/grading/types";
import { errorsFor, Field, inputClass, secondaryButton, type FieldErrors } from "./field";

type Common = { name: string; points: number; message: string; visibility: "visible" | "hidden" };

/**
 * A test's points as typed: the text stays what the instructor wrote, and the test holds its strict value (NaN while
 * it is not a plain number, which the server refuses with a field error). `Number("0x10")` used to make that 16.
 */
function TestPoints({ points, errors, onChange }: { points: number; errors: string[]; onChange: (points: number) => void }) {
  const id = useId();
  const [text, setText] = useState(Number.isNaN(points) ? "" : String(points));
  const [left, setLeft] = useState(false);
  const typed = parsePoints(text);
  // Another test took this place (moved, removed): show its points rather than the text typed for the old one.
  if (typed.ok ? typed.points !== points : !Number.isNaN(points)) setText(Number.isNaN(points) ? "" : String(points));
  const error = errors.join(" ") || (left && !typed.ok ? typed.message : undefined);
  return (
    <PointsInput
      id={id}
      label="Points"
      value={text}
      error={error}
      inputClassName="w-full"
      onBlur={() => setLeft(true)}
      onChange={(e) => {
        setText(e.target.value);
        const next = parsePoints(e.target.value);
        onChange(next.ok ? next.points : NaN);
      }}
    />
  );
}

/** Name, points, visibility and failure feedback: what every kind of test has. */
function CommonFields<T extends Common>({ test, path, errors, onChange, nameHint }: { test: T; path: string; errors: FieldErrors; onChange: (patch: Partial<T>) => void; nameHint?: string }) {
  return (
    <div className="grid gap-3 sm:grid-cols-[2fr_1fr_1fr]">
      <Field label="Name" hint={nameHint} errors={errorsFor(errors, `${path}.name`)}>
        {(props) => <input {...props} className={inputClass} value={test.name} maxLength={100} onChange={(e) => onChange({ name: e.target.value } as Partial<T>)} />}
      </Field>
      <TestPoints points={test.points} errors={errorsFor(errors, `${path}.points`)} onChange={(points) => onChange({ points } as Partial<T>)} />
      <Field label="Visible to students" errors={errorsFor(errors, `${path}.visibility`)}>
        {(props) => (
          <select {...props} className={inputClass} value={test.visibility} onChange={(e) => onChange({ visibility: e.target.value as Common["visibility"] } as Partial<T>)}>
            <option value="visible">Visible (students can run it)</option>
            <option value="hidden">Hidden (only the grader runs it)</option>
          </select>
        )}
      </Field>
      <div className="sm:col-span-3">
        <Field label="Feedback when it fails" errors={errorsFor(errors, `${path}.message`)}>
          {(props) => <input {...props} className={inputClass} value={test.message} maxLength={500} onChange={(e) => onChange({ message: e.target.value } as Partial<T>)} />}
        </Field>
      </div>
    </div>
  );
}

function ListControls({ label, onRemove, onUp, onDown }: { label: string; onRemove: () => void; onUp?: () => void; onDown?: () => void }) {
  return (
    <div className="flex flex-wrap gap-2">
      {onUp && (
        <button type="button" className={secondaryButton} onClick={onUp}>
          Move {label} up
        </button>
      )}
      {onDown && (
        <button type="button" className={secondaryButton} onClick={onDown}>
          Move {label} down
        </button>
      )}
      <button type="button" className={secondaryButton} onClick={onRemove}>
        Remove {label}
      </button>
    </div>
  );
}

function move<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/** Function tests: a call with arguments compared with an expected value, or a Python test function using assert. */
export function FunctionTestsEditor({ tests, onChange, errors }: { tests: FunctionTest[]; onChange: (tests: FunctionTest[]) => void; errors: FieldErrors }) {
  const replace = (i: number, test: FunctionTest) => onChange(tests.map((t, j) => (j === i ? test : t)));
  const set = (i: number, patch: Partial<AssertTest> | Partial<CallTest>) => replace(i, { ...tests[i], ...patch } as FunctionTest);
  const setKind = (i: number, kind: FunctionTest["kind"]) => {
    const { name, points, message, visibility } = tests[i];
    replace(
      i,
      kind === "call"
        ? { kind, name, points, message, visibility, function: "solve", args: "[]", expected: "None" }
        : { kind, name: /^test_/.test(name) ? name : `test_${i + 1}`, points, message, visibility, code: `def test_${i + 1}():\n    from main import solve\n    assert solve() == 42\n` },
    );
  };
  const add = () => {
    const n = tests.length + 1;
    onChange([...tests, { kind: "call", name: `Call ${n}`, points: 1, message: "", visibility: "visible", function: "solve", args: "[]", expected: "None" }]);
  };
  return (
    <div className="space-y-4">
      {tests.map((test, i) => {
        const path = `functionTests.${i}`;
        return (
          <fieldset key={i} className="rounded border border-slate-300 p-3">
            <legend className="px-1 text-sm font-semibold">
              Function test {i + 1}: {test.name}
            </legend>
            <div className="mb-3 w-72">
              <Field label="Kind of test" errors={errorsFor(errors, `${path}.kind`)}>
                {(props) => (
                  <select {...props} className={inputClass} value={test.kind} onChange={(e) => setKind(i, e.target.value as FunctionTest["kind"])}>
                    <option value="call">Call a function, compare the result</option>
                    <option value="assert">Python test with assert</option>
                  </select>
                )}
              </Field>
            </div>
            <CommonFields
              test={test}
              path={path}
              errors={errors}
              onChange={(p) => set(i, p)}
              nameHint={test.kind === "assert" ? "The Python function's name; it starts with test_." : undefined}
            />
            {test.kind === "call" ? (
              <div className="mt-3 grid gap-3 sm:grid-cols-2">
                <Field label="Function to call" hint="A function in the file that runs." errors={errorsFor(errors, `${path}.function`)}>
                  {(props) => <input {...props} className={`${inputClass} font-mono`} value={test.function} onChange={(e) => set(i, { function: e.target.value })} />}
                </Field>
                <Field label="Tolerance for floats (optional)" hint="Relative, e.g. 1e-6; empty compares exactly." errors={errorsFor(errors, `${path}.floatTolerance`)}>
                  {(props) => (
                    <input
                      {...props}
                      className={inputClass}
                      inputMode="decimal"
                      value={test.floatTolerance ?? ""}
                      onChange={(e) => set(i, { floatTolerance: e.target.value === "" ? undefined : Number(e.target.value) })}
                    />
                  )}
                </Field>
                <Field label="Arguments (a Python list)" hint="[[3, 1, 2], True] calls f([3, 1, 2], True); [] calls f()." errors={errorsFor(errors, `${path}.args`)}>
                  {(props) => <textarea {...props} className={`${inputClass} font-mono text-sm`} rows={2} value={test.args} onChange={(e) => set(i, { args: e.target.value })} />}
                </Field>
                <Field label="Expected value (a Python literal)" hint="Compared by the grader, outside the student's code." errors={errorsFor(errors, `${path}.expected`)}>
                  {(props) => <textarea {...props} className={`${inputClass} font-mono text-sm`} rows={2} value={test.expected} onChange={(e) => set(i, { expected: e.target.value })} />}
                </Field>
              </div>
            ) : (
              <div className="mt-3">
                <p className="text-sm font-medium">Test code</p>
                <p className="text-xs text-slate-600">A function with that name using assert; import what it tests from the file that runs (e.g. from main import total).</p>
                <div className="mt-1">
                  <CodeEditor value={test.code} onChange={(code) => set(i, { code })} onPaste={() => {}} label={`Code of ${test.name}`} readOnly={false} />
                </div>
                {errorsFor(errors, `${path}.code`).map((e) => (
                  <p key={e} className="text-sm text-red-800">
                    {e}
                  </p>
                ))}
              </div>
            )}
            <div className="mt-3">
              <ListControls
                label={test.name || `function test ${i + 1}`}
                onRemove={() => onChange(tests.filter((_, j) => j !== i))}
                onUp={i > 0 ? () => onChange(move(tests, i, i - 1)) : undefined}
                onDown={i < tests.length - 1 ? () => onChange(move(tests, i, i + 1)) : undefined}
              />
            </div>
          </fieldset>
        );
      })}
      <button type="button" className={secondaryButton} onClick={add}>
        Add a function test
      </button>
    </div>
  );
}

const COMPARISONS: { value: IoCase["comparison"]; label: string }[] = [
  { value: "trim", label: "Ignore trailing spaces and blank lines" },
  { value: "exact", label: "Exactly" },
  { value: "whitespace", label: "Any whitespace counts as one space" },
  { value: "numeric", label: "Numbers within a tolerance (1e-6), the rest by words" },
];

/** Input/output tests: run the main file with stdin and compare its stdout. */
export function IoCasesEditor({ cases, onChange, errors }: { cases: IoCase[]; onChange: (cases: IoCase[]) => void; errors: FieldErrors }) {
  const set = (i: number, patch: Partial<IoCase>) => onChange(cases.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const add = () => onChange([...cases, { name: `Case ${cases.length + 1}`, points: 1, message: "", visibility: "visible", stdin: "", expectedStdout: "", comparison: "trim" }]);
  return (
    <div className="space-y-4">
      {cases.map((c, i) => (
        <fieldset key={i} className="rounded border border-slate-300 p-3">
          <legend className="px-1 text-sm font-semibold">Input/output test {i + 1}: {c.name}</legend>
          <CommonFields test={c} path={`ioCases.${i}`} errors={errors} onChange={(p) => set(i, p)} />
          <div className="mt-3 grid gap-3 sm:grid-cols-2">
            <Field label="Input (stdin)" errors={errorsFor(errors, `ioCases.${i}.stdin`)}>
              {(props) => <textarea {...props} className={`${inputClass} font-mono text-sm`} rows={4} value={c.stdin} onChange={(e) => set(i, { stdin: e.target.value })} />}
            </Field>
            <Field label="Expected output (stdout)" errors={errorsFor(errors, `ioCases.${i}.expectedStdout`)}>
              {(props) => <textarea {...props} className={`${inputClass} font-mono text-sm`} rows={4} value={c.expectedStdout} onChange={(e) => set(i, { expectedStdout: e.target.value })} />}
            </Field>
            <Field label="Compare output" errors={errorsFor(errors, `ioCases.${i}.comparison`)}>
              {(props) => (
                <select {...props} className={inputClass} value={c.comparison} onChange={(e) => set(i, { comparison: e.target.value as IoCase["comparison"] })}>
                  {COMPARISONS.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <label className="flex items-center gap-2 self-end pb-2 text-sm">
              <input type="checkbox" checked={c.ignoreCase ?? false} onChange={(e) => set(i, { ignoreCase: e.target.checked || undefined })} />
              Ignore upper/lower case
            </label>
          </div>
          <div className="mt-3">
            <ListControls
              label={c.name || `input/output test ${i + 1}`}
              onRemove={() => onChange(cases.filter((_, j) => j !== i))}
              onUp={i > 0 ? () => onChange(move(cases, i, i - 1)) : undefined}
              onDown={i < cases.length - 1 ? () => onChange(move(cases, i, i + 1)) : undefined}
            />
          </div>
        </fieldset>
      ))}
      <button type="button" className={secondaryButton} onClick={add}>
        Add an input/output test
      </button>
    </div>
  );
}
