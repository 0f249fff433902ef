import Link from "next/link";

/** Staff pages of a course. Add an entry here when a new staff page appears; `current` marks the page shown. */
export const COURSE_STAFF_LINKS = [
  { key: "assignments", label: "Assignments", path: "" },
  { key: "dashboard", label: "Dashboard", path: "/dashboard" },
  { key: "gradebook", label: "Gradebook", path: "/gradebook" },
  { key: "roster", label: "Roster", path: "/roster" },
  { key: "extensions", label: "Extensions", path: "/extensions" },
  { key: "new-assignment", label: "New assignment", path: "/assignments/new" },
  { key: "new-notebook", label: "New notebook assignment", path: "/assignments/new-notebook" },
  { key: "copy", label: "Copy from another course", path: "/assignments/copy" },
  { key: "content", label: "Content files", path: "/content" },
  { key: "notebook-grades", label: "Notebook grades", path: "/notebook-grades" },
  { key: "grade-sync", label: "Grade sync", path: "/grade-sync" },
  { key: "exports", label: "Exports", path: "/exports" },
  { key: "settings", label: "Settings", path: "/settings" },
] as const;

export type CourseNavKey = (typeof COURSE_STAFF_LINKS)[number]["key"];

/** A small navigation bar for staff, under the course title. */
export function CourseNav({ courseId, current, badges = {} }: { courseId: string; current?: CourseNavKey; badges?: Partial<Record<CourseNavKey, string>> }) {
  return (
    <nav aria-label="Course" className="mt-3 border-b border-slate-200 pb-2">
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {COURSE_STAFF_LINKS.map((link) => (
          <li key={link.key}>
            <Link
              href={`/courses/${courseId}${link.path}`}
              aria-current={current === link.key ? "page" : undefined}
              className={current === link.key ? "font-semibold text-slate-900" : "text-lantern-700 underline"}
            >
              {link.label}
            </Link>
            {badges[link.key] && <span className="ml-1 rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-900">{badges[link.key]}</span>}
          </li>
        ))}
      </ul>
    </nav>
  );
}
