import Link from "next/link";
import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { selectAssignments } from "@/lib/models/assignments";
import { selectCourseSyncProblems } from "@/lib/models/grade-sync";

export const dynamic = "force-dynamic";

export default page({ access: { courseRoles: STAFF_ROLES } }, async function CourseGradeSyncPage({ authz }) {
  const [assignments, problems] = await Promise.all([selectAssignments({ authz }), selectCourseSyncProblems({ authz })]);
  const byAssignment = new Map(problems.map((p) => [p.assignmentId, p]));
  return (
    <Shell crumbs={[{ href: "/courses", label: "Courses" }, { href: `/courses/${authz.course.id}`, label: authz.course.title }, { label: "Grade sync" }]}>
      <h1 className="text-xl font-semibold">Grade sync</h1>
      <p className="mt-1 text-sm text-slate-700">Which grades have reached the LMS gradebook, per assignment.</p>
      <ul className="mt-4 divide-y divide-slate-200 rounded-lg border border-slate-200">
        {assignments.map((a) => {
          const p = byAssignment.get(a.id);
          const summary = [
            p?.failed ? `${p.failed} failed` : null,
            p?.waiting ? `${p.waiting} not sent` : null,
            p?.pending ? `${p.pending} sending` : null,
          ].filter(Boolean);
          return (
            <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
              <Link href={`/courses/${authz.course.id}/grade-sync/${a.id}`} className="font-medium text-lantern-700 hover:underline">
                {a.title}
              </Link>
              <span className={`text-sm ${p?.failed ? "text-red-800" : "text-slate-700"}`}>{summary.length ? summary.join(" · ") : "All grades in sync"}</span>
            </li>
          );
        })}
      </ul>
    </Shell>
  );
});
