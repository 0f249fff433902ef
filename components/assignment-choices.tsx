export type AssignmentChoice = { id: string; title: string; points: number; published: boolean };

/** A list of a course's assignments to pick from (radio or checkbox, field name `assignment`). */
export function AssignmentChoices({
  assignments,
  type,
  checked,
}: {
  assignments: AssignmentChoice[];
  type: "radio" | "checkbox";
  checked?: string;
}) {
  return (
    <ul className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200">
      {assignments.map((a) => (
        <li key={a.id} className="px-4 py-2">
          <label className="flex items-center gap-3">
            <input type={type} name="assignment" value={a.id} defaultChecked={checked === a.id} />
            <span className="font-medium">{a.title}</span>
            <span className="text-sm text-slate-600">
              {a.points} points{a.published ? "" : " · draft"}
            </span>
          </label>
        </li>
      ))}
    </ul>
  );
}
