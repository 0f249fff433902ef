import Link from "next/link";
import { CourseNav } from "@/components/course-nav";
import { Shell } from "@/components/shell";
import { requireCourseRole } from "@/lib/auth/authz";
import { forPage } from "@/lib/auth/page";
import { isStaffRole, STAFF_ROLES } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import { canEditAssignments, selectAssignmentsForCopy } from "@/lib/models/assignment-authoring";
import { selectCoursesForUser } from "@/lib/models/courses";
import { CopyForm } from "./_components/copy-form";

export const dynamic = "force-dynamic";

export default async function CopyAssignmentsPage({ params, searchParams }: { params: Promise<{ courseId: string }>; searchParams: Promise<{ from?: string }> }) {
  const { courseId } = await params;
  const { from } = await searchParams;
  const authz = await forPage(requireCourseRole({ unsafeCourseId: courseId, roles: STAFF_ROLES }));
  if (!canEditAssignments(authz)) await forPage(Promise.reject(notFound()));
  const others = (await selectCoursesForUser({ userId: authz.session.user.id })).filter((c) => isStaffRole(c.role) && c.course.id !== authz.course.id);
  const source = from ? await forPage(requireCourseRole({ unsafeCourseId: from, roles: STAFF_ROLES, session: authz.session })) : null;
  const choices = source
    ? (await selectAssignmentsForCopy({ authz: source })).map((a) => ({ id: a.id, title: a.title, points: a.points, published: a.publishedAt !== null }))
    : [];
  const c = authz.course;
  return (
    <Shell crumbs={[{ href: "/courses", label: "Courses" }, { href: `/courses/${c.id}`, label: c.title }, { label: "Copy from another course" }]}>
      <h1 className="text-xl font-semibold">Copy assignments from another course</h1>
      <CourseNav courseId={c.id} current="copy" />
      <p className="mt-3 text-sm text-slate-700">Copies keep instructions, files, tests, solution, dates and policy; they arrive as drafts. Students&apos; work is never copied.</p>
      {others.length === 0 ? (
        <p className="mt-4 text-slate-700">You do not teach another course in Lantern yet.</p>
      ) : (
        <nav aria-label="Courses you teach" className="mt-4">
          <h2 className="text-base font-semibold">From which course?</h2>
          <ul className="mt-2 flex flex-wrap gap-2">
            {others.map(({ course }) => (
              <li key={course.id}>
                <Link
                  href={`/courses/${c.id}/assignments/copy?from=${course.id}`}
                  aria-current={source?.course.id === course.id ? "page" : undefined}
                  className={`block rounded border px-3 py-1.5 text-sm ${source?.course.id === course.id ? "border-lantern-700 font-semibold" : "border-slate-300 text-lantern-700 underline"}`}
                >
                  {course.title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {source && (choices.length === 0 ? <p className="mt-4 text-slate-700">{source.course.title} has no assignments.</p> : <CopyForm courseId={c.id} fromCourseId={source.course.id} assignments={choices} />)}
    </Shell>
  );
}
