import Link from "next/link";
import { z } from "zod";
import { LocalTime } from "@/components/local-time";
import { Shell } from "@/components/shell";
import { cellDescription } from "@/app/courses/[courseId]/gradebook/_components/gradebook-cell";
import { startViewAsAction } from "@/app/courses/[courseId]/view-as/actions";
import { page } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { selectAssignments } from "@/lib/models/assignments";
import { selectCourseExtensions } from "@/lib/models/extensions";
import { selectGradebook } from "@/lib/models/gradebook";
import { selectCourseMember } from "@/lib/models/staff-work";

export const dynamic = "force-dynamic";

/** One member's work across the course, with links to each assignment's work and "view as". */
export default page({ access: { courseRoles: STAFF_ROLES }, params: z.object({ userId: z.string() }) }, async function StudentPage({ authz, params }) {
  const member = await selectCourseMember({ authz, unsafeUserId: params.userId });
  const assignments = await selectAssignments({ authz });
  const [{ rows }, extensions] = await Promise.all([
    selectGradebook({ authz, assignments, filters: { userId: member.userId, role: member.role } }),
    selectCourseExtensions({ authz, userId: member.userId }),
  ]);
  const cells = rows[0]?.cells ?? {};
  const base = `/courses/${authz.course.id}`;
  const name = member.name ?? member.email ?? "Unnamed member";
  return (
    <Shell crumbs={[{ href: "/courses", label: "Courses" }, { href: base, label: authz.course.title }, { href: `${base}/gradebook`, label: "Gradebook" }, { label: name }]}>
      <h1 className="text-xl font-semibold">{name}</h1>
      <p className="mt-1 text-sm text-slate-700">
        {member.email && <>{member.email} · </>}
        {member.role} · {member.status}
        {member.isTestUser && " · test student"} · {member.lastLaunchAt ? <>last launch <LocalTime iso={member.lastLaunchAt.toISOString()} /></> : "never launched"}
      </p>
      {(member.role === "student" || member.role === "mentor") && member.userId !== authz.session.user.id && (
        <form action={startViewAsAction} className="mt-3">
          <input type="hidden" name="courseId" value={authz.course.id} />
          <input type="hidden" name="userId" value={member.userId} />
          <button type="submit" className="rounded border border-violet-800 px-3 py-1 text-sm font-medium text-violet-900 hover:bg-violet-50">View the course as {name}</button>
        </form>
      )}
      <section aria-labelledby="extensions" className="mt-4 text-sm">
        <h2 id="extensions" className="text-base font-semibold">Extensions</h2>
        {extensions.length === 0 ? (
          <p className="mt-1 text-slate-700">None.</p>
        ) : (
          <ul className="mt-1 list-disc pl-5">
            {extensions.map((e) => (
              <li key={e.id}>
                {e.assignmentTitle ?? "Every assignment"}:
                {e.dueAt && <> due <LocalTime iso={e.dueAt.toISOString()} /></>}
                {e.lockAt && <> closes <LocalTime iso={e.lockAt.toISOString()} /></>}
                {e.extraDays > 0 && ` ${e.extraDays} extra day${e.extraDays === 1 ? "" : "s"}`}
                {e.extraAttempts > 0 && ` ${e.extraAttempts} extra attempt${e.extraAttempts === 1 ? "" : "s"}`}
              </li>
            ))}
          </ul>
        )}
        <Link href={`${base}/extensions?userId=${member.userId}`} className="mt-1 inline-block text-lantern-700 underline">Grant or change extensions</Link>
      </section>
      <h2 className="mt-4 text-base font-semibold">Assignments</h2>
      <ul className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200">
        {assignments.map((a) => (
          <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2">
            <Link href={`${base}/assignments/${a.id}/students/${member.userId}`} className="font-medium text-lantern-700 hover:underline">{a.title}</Link>
            <span className="text-sm text-slate-700">{cellDescription(cells[a.id], a.points)}</span>
          </li>
        ))}
      </ul>
    </Shell>
  );
});
