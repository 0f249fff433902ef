import Link from "next/link";
import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { ALL_ROLES, isStaffRole } from "@/lib/auth/roles";
import { selectAssignmentGroups, selectAssignments } from "@/lib/models/assignments";
import { selectCourseSyncProblems } from "@/lib/models/grade-sync";
import { formatDate } from "@/lib/format";

export const dynamic = "force-dynamic";

export default page({ access: { courseRoles: ALL_ROLES } }, async function CoursePage({ authz }) {
  const [groups, assignments] = await Promise.all([selectAssignmentGroups({ authz }), selectAssignments({ authz })]);
  const staff = isStaffRole(authz.role);
  const failedGrades = staff ? (await selectCourseSyncProblems({ authz })).reduce((n, p) => n + p.failed, 0) : 0;
  const sections = [
    ...groups.map((g) => ({ id: g.id, title: g.title, items: assignments.filter((a) => a.groupId === g.id) })),
    { id: "ungrouped", title: "Other assignments", items: assignments.filter((a) => !a.groupId) },
  ].filter((s) => s.items.length > 0);

  return (
    <Shell crumbs={[{ href: "/courses", label: "Courses" }, { label: authz.course.title }]}>
      <h1 className="text-xl font-semibold">{authz.course.title}</h1>
      {authz.course.code && <p className="text-sm text-slate-600">{authz.course.code}</p>}
      {staff && (
        <p className="mt-2 text-sm">
          <Link href={`/courses/${authz.course.id}/grade-sync`} className="text-lantern-700 underline">
            Grade sync
          </Link>
          {" · "}
          <Link href={`/courses/${authz.course.id}/exports`} className="text-lantern-700 underline">
            Exports
          </Link>
          {failedGrades > 0 && (
            <span className="ml-2 rounded bg-red-100 px-2 py-0.5 font-medium text-red-900">
              {failedGrades} grade{failedGrades === 1 ? "" : "s"} did not reach the LMS
            </span>
          )}
        </p>
      )}
      {sections.length === 0 && (
        <p className="mt-4 text-slate-700">{staff ? "No assignments yet." : "No assignments are available yet."}</p>
      )}
      {sections.map((section) => (
        <section key={section.id} className="mt-6" aria-labelledby={`group-${section.id}`}>
          <h2 id={`group-${section.id}`} className="text-base font-semibold text-slate-800">
            {section.title}
          </h2>
          <ul className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200">
            {section.items.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                <Link
                  href={`/courses/${authz.course.id}/assignments/${a.id}`}
                  className="font-medium text-lantern-700 hover:underline"
                >
                  {a.title}
                </Link>
                <span className="text-sm text-slate-600">
                  {a.points} points{a.dueAt ? ` · due ${formatDate(a.dueAt)}` : ""}
                  {staff && !a.publishedAt ? " · draft" : ""}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Shell>
  );
});
