import { z } from "zod";
import { CourseNav } from "@/components/course-nav";
import { LocalTime } from "@/components/local-time";
import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { selectAssignments } from "@/lib/models/assignments";
import { selectCourseExtensions, type ExtensionEntry } from "@/lib/models/extensions";
import { selectCourseRoster } from "@/lib/models/roster";
import { personLabel } from "@/lib/people";
import { removeExtensionAction } from "./actions";
import { GrantForm } from "./_components/grant-form";
import { GRANTERS } from "./grant";

export const dynamic = "force-dynamic";

const query = z.object({ userId: z.string().max(100).optional().catch(undefined) });

function change(e: ExtensionEntry): string {
  const parts: string[] = [];
  if (e.extraDays) parts.push(`${e.extraDays} extra day${e.extraDays === 1 ? "" : "s"}`);
  if (e.extraAttempts) parts.push(`${e.extraAttempts} extra attempt${e.extraAttempts === 1 ? "" : "s"}`);
  return parts.join(", ");
}

/** Per-student extensions (one assignment) and accommodations (every assignment): grant, list, remove. */
export default page({ access: { courseRoles: STAFF_ROLES }, searchParams: query }, async function ExtensionsPage({ authz, searchParams }) {
  const [assignments, roster, entries] = await Promise.all([
    selectAssignments({ authz }),
    selectCourseRoster({ authz, filters: { role: "student", status: "active" }, limit: 5000 }),
    selectCourseExtensions({ authz }),
  ]);
  const base = `/courses/${authz.course.id}`;
  const canGrant = GRANTERS.includes(authz.role);
  const title = new Map(assignments.map((a) => [a.id, a.title]));
  return (
    <Shell crumbs={[{ href: "/courses", label: "Courses" }, { href: base, label: authz.course.title }, { label: "Extensions" }]}>
      <h1 className="text-xl font-semibold">Extensions and accommodations</h1>
      <CourseNav courseId={authz.course.id} current="extensions" />
      <p className="mt-3 text-sm text-slate-700">
        An extension gives one student new dates, extra days or extra attempts on one assignment; an accommodation gives extra days and attempts on
        every assignment. New dates win over extra days; the student sees their own dates. Grades already given are not recomputed.
      </p>
      {canGrant ? (
        <section aria-labelledby="grant" className="mt-4">
          <h2 id="grant" className="text-base font-semibold">Grant an extension</h2>
          <GrantForm
            courseId={authz.course.id}
            timeZone={authz.course.timeZone}
            userId={searchParams.userId}
            students={roster.entries.map((s) => ({ id: s.userId, label: personLabel(s) + (s.isTestUser ? " (test student)" : "") }))}
            assignments={assignments.map((a) => ({ id: a.id, label: a.title }))}
          />
        </section>
      ) : (
        <p className="mt-4 text-sm text-slate-700">Instructors and teaching assistants grant extensions.</p>
      )}
      <section aria-labelledby="current" className="mt-6">
        <h2 id="current" className="text-base font-semibold">Current extensions</h2>
        {entries.length === 0 ? (
          <p className="mt-1 text-sm text-slate-700">None yet.</p>
        ) : (
          <div className="mt-2 relative overflow-x-auto rounded border border-slate-200" tabIndex={0} role="region" aria-label="Current extensions (scrolls)">
            <table className="min-w-full text-sm">
              <caption className="sr-only">Current extensions</caption>
              <thead className="bg-slate-50 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">Student</th>
                  <th scope="col" className="px-3 py-2">Applies to</th>
                  <th scope="col" className="px-3 py-2">Change</th>
                  <th scope="col" className="px-3 py-2">Reason</th>
                  <th scope="col" className="px-3 py-2">Granted by</th>
                  {canGrant && <th scope="col" className="px-3 py-2"><span className="sr-only">Remove</span></th>}
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => {
                  const who = personLabel(e);
                  const what = e.assignmentId ? (title.get(e.assignmentId) ?? e.assignmentTitle ?? "") : "Every assignment";
                  return (
                    <tr key={e.id} className="border-t border-slate-200 align-top">
                      <th scope="row" className="px-3 py-2 text-left font-normal">{who}</th>
                      <td className="px-3 py-2">{what}</td>
                      <td className="px-3 py-2">
                        {e.dueAt && <span className="block">due <LocalTime iso={e.dueAt.toISOString()} /></span>}
                        {e.lockAt && <span className="block">closes <LocalTime iso={e.lockAt.toISOString()} /></span>}
                        {change(e)}
                      </td>
                      <td className="px-3 py-2">{e.reason ?? "—"}</td>
                      <td className="px-3 py-2">{e.grantedByName ?? "—"}</td>
                      {canGrant && (
                        <td className="px-3 py-2">
                          <form action={removeExtensionAction}>
                            <input type="hidden" name="courseId" value={authz.course.id} />
                            <input type="hidden" name="extensionId" value={e.id} />
                            <input type="hidden" name="kind" value={e.assignmentId ? "assignment" : "course"} />
                            <button type="submit" className="text-red-800 underline" aria-label={`Remove the extension of ${who} for ${what}`}>Remove</button>
                          </form>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Shell>
  );
});
