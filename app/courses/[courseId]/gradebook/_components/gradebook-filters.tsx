import type { GradebookQuery } from "../query";

const field = "mt-1 block rounded border border-slate-400 px-2 py-1 text-sm";

/** Search and filters as a plain GET form: the URL holds the state, so a view can be bookmarked and shared. */
export function GradebookFilterForm({
  courseId,
  q,
  sections,
  action = `/courses/${courseId}/gradebook`,
  label = "Filter the gradebook",
  children,
}: {
  courseId: string;
  q: GradebookQuery;
  sections: string[];
  action?: string;
  label?: string;
  /** More filters of the page using the form (e.g. the submissions table's work status). */
  children?: React.ReactNode;
}) {
  return (
    <form method="get" action={action} role="search" aria-label={label} className="flex flex-wrap items-end gap-3">
      {q.sort && <input type="hidden" name="sort" value={q.sort} />}
      {q.dir && <input type="hidden" name="dir" value={q.dir} />}
      <label className="text-sm font-medium">
        Name or email
        <input type="search" name="q" defaultValue={q.q ?? ""} className={field} />
      </label>
      <label className="text-sm font-medium">
        Section
        <select name="section" defaultValue={q.section ?? ""} className={field}>
          <option value="">All sections</option>
          {sections.map((s) => (
            <option key={s} value={s}>{s}</option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Role
        <select name="role" defaultValue={q.role ?? ""} className={field}>
          <option value="">Students</option>
          <option value="mentor">Mentors</option>
          <option value="ta">Teaching assistants</option>
          <option value="instructor">Instructors</option>
          <option value="designer">Designers</option>
        </select>
      </label>
      <label className="text-sm font-medium">
        Status
        <select name="status" defaultValue={q.status ?? ""} className={field}>
          <option value="">Any status</option>
          <option value="active">Active</option>
          <option value="inactive">Inactive</option>
          <option value="dropped">Dropped</option>
        </select>
      </label>
      {children}
      <button type="submit" className="rounded bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-900">Apply</button>
    </form>
  );
}
