import Link from "next/link";
import { CourseNav } from "@/components/course-nav";
import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { selectNotebookAssignmentsByCode } from "@/lib/models/notebook-grades";
import { GradesUpload } from "./_components/grades-upload";

export const dynamic = "force-dynamic";

/** nbgrader grades to the LMS: upload `nbgrader export`'s CSV, preview, send through the grade outbox. */
export default page({ access: { courseRoles: STAFF_ROLES } }, async function NotebookGradesPage({ authz }) {
  const byCode = await selectNotebookAssignmentsByCode({ authz });
  const names = [...byCode.entries()].map(([code, a]) => ({ code, title: a.title, id: a.id }));
  return (
    <Shell
      crumbs={[
        { href: "/courses", label: "Courses" },
        { href: `/courses/${authz.course.id}`, label: authz.course.title },
        { label: "Notebook grades" },
      ]}
    >
      <h1 className="text-xl font-semibold">Notebook grades</h1>
      <CourseNav courseId={authz.course.id} current="notebook-grades" />
      <p className="mt-3 max-w-2xl text-sm text-slate-700">
        After grading in nbgrader, run <code>nbgrader export</code> in your course directory and upload the{" "}
        <code>grades.csv</code> it writes. Rows are matched to notebook assignments by their nbgrader name and to students
        by their nbgrader id (or email). Scores are scaled to each assignment&apos;s points and reach the LMS like any other
        grade; a student with no submission in nbgrader is skipped, never sent a 0.
      </p>
      {names.length === 0 ? (
        <p className="mt-4 text-sm text-slate-700">
          This course has no notebook assignments yet.{" "}
          <Link href={`/courses/${authz.course.id}/assignments/new-notebook`} className="text-lantern-700 underline">
            Create one
          </Link>
          .
        </p>
      ) : (
        <p className="mt-2 text-sm text-slate-700">
          Notebook assignments:{" "}
          {names.map((n, i) => (
            <span key={n.code}>
              {i > 0 && ", "}
              <Link href={`/courses/${authz.course.id}/assignments/${n.id}`} className="text-lantern-700 underline">
                {n.title}
              </Link>{" "}
              (<code>{n.code}</code>)
            </span>
          ))}
          .
        </p>
      )}
      <GradesUpload courseId={authz.course.id} />
    </Shell>
  );
});
