import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import type { CourseAuthz } from "@/lib/auth/authz";
import { assignmentStatus, canEditAssignments } from "@/lib/models/assignment-authoring";
import type { Assignment } from "@/lib/models/assignments";
import { restoreAssignmentAction } from "../assignments/actions";

type Section = { id: string; title: string; items: Assignment[] };

const STATUS_STYLE = { draft: "bg-slate-100 text-slate-800", published: "bg-green-100 text-green-900", archived: "bg-amber-100 text-amber-900" } as const;

/** The staff's list of assignments: status, grading mode, due date, and edit links; Undo after a delete. */
export function StaffCourse({ authz, sections, deleted, notice }: { authz: CourseAuthz; sections: Section[]; deleted: Assignment | null; notice: string | null }) {
  const canEdit = canEditAssignments(authz);
  return (
    <>
      {deleted && (
        <form action={restoreAssignmentAction} role="status" className="mt-3 flex flex-wrap items-center gap-3 rounded bg-slate-100 px-3 py-2 text-sm">
          <input type="hidden" name="courseId" value={authz.course.id} />
          <input type="hidden" name="assignmentId" value={deleted.id} />
          <span>“{deleted.title}” was deleted. Students&apos; work on it is kept.</span>
          <button type="submit" className="rounded border border-slate-500 bg-white px-2 py-0.5 font-medium hover:bg-slate-50">
            Undo
          </button>
        </form>
      )}
      {notice && (
        <p role="status" className="mt-3 rounded bg-green-50 px-3 py-2 text-sm text-green-900">
          {notice}
        </p>
      )}
      {sections.length === 0 && (
        <p className="mt-4 text-slate-700">
          No assignments yet.{" "}
          {canEdit && (
            <Link href={`/courses/${authz.course.id}/assignments/new`} className="text-lantern-700 underline">
              Create the first one
            </Link>
          )}
        </p>
      )}
      {sections.map((section) => (
        <section key={section.id} className="mt-6" aria-labelledby={`group-${section.id}`}>
          <h2 id={`group-${section.id}`} className="text-base font-semibold text-slate-800">
            {section.title}
          </h2>
          <ul className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200">
            {section.items.map((a) => {
              const status = assignmentStatus(a);
              const tests = a.functionTests.length + a.ioCases.length;
              return (
                <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                  <div className="min-w-0">
                    <Link href={`/courses/${authz.course.id}/assignments/${a.id}`} className="font-medium text-lantern-700 hover:underline">
                      {a.title}
                    </Link>
                    <p className="text-sm text-slate-700">
                      {a.points} points · {a.kind === "notebook" ? "Jupyter notebook (nbgrader)" : a.gradedBy === "staff" ? "graded by staff" : `${tests} test${tests === 1 ? "" : "s"}`}
                      {a.dueAt && (
                        <>
                          {" · due "}
                          <LocalTime iso={a.dueAt.toISOString()} />
                        </>
                      )}
                    </p>
                  </div>
                  <p className="flex items-center gap-3 text-sm">
                    <span className={`rounded px-2 py-0.5 font-medium ${STATUS_STYLE[status]}`}>{status === "draft" ? "Draft" : status === "archived" ? "Archived" : "Published"}</span>
                    {a.kind === "notebook" ? (
                      <Link href={`/courses/${authz.course.id}/assignments/${a.id}`} className="text-lantern-700 underline" aria-label={`Exchange status of ${a.title}`}>
                        Exchange status
                      </Link>
                    ) : (
                      <>
                        <Link href={`/courses/${authz.course.id}/assignments/${a.id}/submissions`} className="text-lantern-700 underline" aria-label={`Submissions of ${a.title}`}>
                          Submissions
                        </Link>
                        <Link href={`/courses/${authz.course.id}/assignments/${a.id}/edit`} className="text-lantern-700 underline" aria-label={`${canEdit ? "Edit" : "Read"} ${a.title}`}>
                          {canEdit ? "Edit" : "Details"}
                        </Link>
                      </>
                    )}
                  </p>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </>
  );
}
