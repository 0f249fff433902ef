"use client";

import { CodeEditor } from "@/components/editor/code-editor";
import type { StarterFile } from "@/lib/grading/types";
import { errorsFor, Field, inputClass, secondaryButton, type FieldErrors } from "./field";

/**
 * Several named files edited with the student's editor. With `roles`, one file is marked as the one that runs
 * (kept first, as the grader and the student's Run expect) and files can be made read-only for students.
 */
export function FilesEditor({
  legend,
  path,
  files,
  onChange,
  errors,
  roles,
}: {
  legend: string;
  path: "starterFiles" | "referenceFiles";
  files: StarterFile[];
  onChange: (files: StarterFile[]) => void;
  errors: FieldErrors;
  roles?: { readOnly: string[]; onReadOnlyChange: (names: string[]) => void };
}) {
  const set = (i: number, patch: Partial<StarterFile>) => {
    const before = files[i].name;
    onChange(files.map((f, j) => (j === i ? { ...f, ...patch } : f)));
    if (roles && patch.name !== undefined && roles.readOnly.includes(before)) {
      roles.onReadOnlyChange(roles.readOnly.map((n) => (n === before ? patch.name! : n)));
    }
  };
  const makeMain = (i: number) => onChange([files[i], ...files.filter((_, j) => j !== i)]);
  const remove = (i: number) => {
    if (roles) roles.onReadOnlyChange(roles.readOnly.filter((n) => n !== files[i].name));
    onChange(files.filter((_, j) => j !== i));
  };
  const add = () => {
    const taken = new Set(files.map((f) => f.name));
    let n = files.length + 1;
    let name = files.length === 0 ? "main.py" : `file${n}.py`;
    while (taken.has(name)) name = `file${++n}.py`;
    onChange([...files, { name, content: "" }]);
  };
  return (
    <fieldset className="space-y-4">
      <legend className="sr-only">{legend}</legend>
      {errorsFor(errors, path).length > 0 && files.length === 0 && <p className="text-sm text-red-800">{errorsFor(errors, path).join(" ")}</p>}
      {files.map((file, i) => (
        <div key={i} className="rounded border border-slate-300 p-3">
          <div className="flex flex-wrap items-end gap-3">
            <div className="w-60">
              <Field label={`File name (${legend.toLowerCase()} ${i + 1})`} errors={errorsFor(errors, `${path}.${i}.name`)}>
                {(props) => <input {...props} className={inputClass} value={file.name} maxLength={100} onChange={(e) => set(i, { name: e.target.value })} />}
              </Field>
            </div>
            {roles && (
              <>
                <label className="flex items-center gap-2 text-sm">
                  <input type="radio" name={`${path}-main`} checked={i === 0} onChange={() => makeMain(i)} />
                  Runs when the student presses Run
                </label>
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={roles.readOnly.includes(file.name)}
                    disabled={i === 0}
                    onChange={(e) =>
                      roles.onReadOnlyChange(e.target.checked ? [...roles.readOnly, file.name] : roles.readOnly.filter((n) => n !== file.name))
                    }
                  />
                  Read-only for students
                </label>
              </>
            )}
            <button type="button" className={secondaryButton} onClick={() => remove(i)}>
              Remove {file.name || "file"}
            </button>
          </div>
          <div className="mt-2">
            <CodeEditor value={file.content} onChange={(content) => set(i, { content })} onPaste={() => {}} label={`${legend}: ${file.name}`} readOnly={false} />
          </div>
          {errorsFor(errors, `${path}.${i}.content`).map((e) => (
            <p key={e} className="text-sm text-red-800">
              {e}
            </p>
          ))}
        </div>
      ))}
      {errorsFor(errors, "readOnlyFiles").map((e) => (
        <p key={e} className="text-sm text-red-800">
          {e}
        </p>
      ))}
      <button type="button" className={secondaryButton} onClick={add}>
        Add a file
      </button>
    </fieldset>
  );
}
