import Link from "next/link";
import { z } from "zod";
import { CourseNav } from "@/components/course-nav";
import { LocalTime } from "@/components/local-time";
import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { selectAssignment } from "@/lib/models/assignments";
import { selectGradebook, type GradebookCell } from "@/lib/models/gradebook";
import { selectRosterSummary } from "@/lib/models/roster";
import { personLabel } from "@/lib/people";
import { GradebookFilterForm } from "../../../gradebook/_components/gradebook-filters";
import { cellDescription } from "../../../gradebook/_components/gradebook-cell";
import { fromQuery, GRADEBOOK_PAGE_SIZE, gradebookQuery } from "../../../gradebook/query";
import { GRANTERS } from "../../../extensions/grant";
import { BulkForm } from "./_components/bulk-form";

export const dynamic = "force-dynamic";

const WORK = { not_started: "Not started", in_progress: "In progress", submitted: "Submitted", graded: "Graded" } as const;
const query = gradebookQuery.extend({ work: z.enum(["not_started", "in_progress", "submitted", "graded"]).optional().catch(undefined) });

function syncText(cell: GradebookCell | undefined): string {
  if (!cell || cell.sync === "none") return "—";
  return { delivered: "In the LMS", pending: "On its way", waiting: "Not sent", failed: "Failed" }[cell.sync];
}

/** One assignment's submissions: status, score, late, attempts, last activity, LMS sync; filters; bulk actions. */
export default page(
  { access: { courseRoles: STAFF_ROLES }, params: z.object({ assignmentId: z.string() }), searchParams: query },
  async function SubmissionsPage({ authz, params, searchParams: q }) {
    const assignment = await selectAssignment({ authz, unsafeAssignmentId: params.assignmentId });
    const { filters, page: pageNumber } = fromQuery(q);
    const [summary, { rows, total }] = await Promise.all([
      selectRosterSummary({ authz }),
      selectGradebook({
        authz,
        assignments: [assignment],
        filters: { ...filters, work: q.work ? { assignmentId: assignment.id, status: q.work } : undefined },
        limit: GRADEBOOK_PAGE_SIZE,
        offset: (pageNumber - 1) * GRADEBOOK_PAGE_SIZE,
      }),
    ]);
    const base = `/courses/${authz.course.id}`;
    const here = `${base}/assignments/${assignment.id}/submissions`;
    const pages = Math.max(1, Math.ceil(total / GRADEBOOK_PAGE_SIZE));
    const pageHref = (p: number) => {
      const params = new URLSearchParams(Object.entries({ ...q, page: String(p) }).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
      return `${here}?${params}`;
    };
    return (
      <Shell crumbs={[{ href: "/courses", label: "Courses" }, { href: base, label: authz.course.title }, { href: `${base}/assignments/${assignment.id}`, label: assignment.title }, { label: "Submissions" }]}>
        <h1 className="text-xl font-semibold">Submissions: {assignment.title}</h1>
        <CourseNav courseId={authz.course.id} />
        <div className="mt-3">
          <GradebookFilterForm courseId={authz.course.id} q={q} sections={summary.sections} action={here} label="Filter the submissions">
            <label className="text-sm font-medium">
              Work
              <select name="work" defaultValue={q.work ?? ""} className="mt-1 block rounded border border-slate-400 px-2 py-1 text-sm">
                <option value="">Any</option>
                {Object.entries(WORK).map(([k, v]) => (
                  <option key={k} value={k}>{v}</option>
                ))}
              </select>
            </label>
          </GradebookFilterForm>
        </div>
        <p className="mt-2 text-sm text-slate-700" role="status">
          {total === 0 ? "No members match." : `${total} member${total === 1 ? "" : "s"}${pages > 1 ? `, page ${pageNumber} of ${pages}` : ""}.`}
        </p>
        <div className="mt-2">
          <BulkForm courseId={authz.course.id} assignmentId={assignment.id} timeZone={authz.course.timeZone} canExtend={GRANTERS.includes(authz.role)}>
            <div className="max-h-[70vh] relative overflow-auto rounded border border-slate-200" tabIndex={0} role="region" aria-label="Submissions table (scrolls)">
              <table className="min-w-full border-separate border-spacing-0 text-sm">
                <caption className="sr-only">Each student&apos;s work on {assignment.title}; tick rows for the bulk actions below.</caption>
                <thead className="sticky top-0 z-20 bg-white text-left">
                  <tr>
                    <th scope="col" className="border-b border-slate-300 px-2 py-2"><span className="sr-only">Select</span></th>
                    <th scope="col" className="sticky left-0 z-30 border-b border-slate-300 bg-white px-2 py-2">Student</th>
                    <th scope="col" className="border-b border-slate-300 px-2 py-2">Status</th>
                    <th scope="col" className="border-b border-slate-300 px-2 py-2 text-right">Score / {assignment.points}</th>
                    <th scope="col" className="border-b border-slate-300 px-2 py-2">Late</th>
                    <th scope="col" className="border-b border-slate-300 px-2 py-2 text-right">Attempts</th>
                    <th scope="col" className="border-b border-slate-300 px-2 py-2">Last activity</th>
                    <th scope="col" className="border-b border-slate-300 px-2 py-2">LMS</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => {
                    const cell = row.cells[assignment.id];
                    const name = personLabel(row);
                    return (
                      <tr key={row.userId}>
                        <td className="border-b border-slate-200 px-2 py-1">
                          <input type="checkbox" name="userIds" value={row.userId} aria-label={`Select ${name}`} className="h-4 w-4" />
                        </td>
                        <th scope="row" className="sticky left-0 z-10 border-b border-slate-200 bg-white px-2 py-1 text-left font-normal">
                          <Link href={`${base}/assignments/${assignment.id}/students/${row.userId}`} className="text-lantern-700 underline">{name}</Link>
                          {row.status !== "active" && <span className="ml-1 rounded bg-slate-200 px-1 text-xs text-slate-800">{row.status}</span>}
                        </th>
                        <td className="border-b border-slate-200 px-2 py-1">
                          {WORK[cell?.status ?? "not_started"]}
                          {cell?.grading && " · grading"}
                          {cell?.overridden && " · overridden"}
                        </td>
                        <td className="border-b border-slate-200 px-2 py-1 text-right tabular-nums" title={cellDescription(cell, assignment.points)}>{cell?.score ?? "—"}</td>
                        <td className="border-b border-slate-200 px-2 py-1">{cell?.late ? "Late" : ""}</td>
                        <td className="border-b border-slate-200 px-2 py-1 text-right tabular-nums">{cell?.attempts ?? 0}</td>
                        <td className="whitespace-nowrap border-b border-slate-200 px-2 py-1">{cell && cell.status !== "not_started" ? <LocalTime iso={cell.updatedAt.toISOString()} /> : "—"}</td>
                        <td className="border-b border-slate-200 px-2 py-1" title={cell?.syncReason ?? undefined}>{syncText(cell)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </BulkForm>
        </div>
        {pages > 1 && (
          <nav aria-label="Submission pages" className="mt-3 flex gap-3 text-sm">
            {pageNumber > 1 && <Link href={pageHref(pageNumber - 1)} className="text-lantern-700 underline">Previous page</Link>}
            {pageNumber < pages && <Link href={pageHref(pageNumber + 1)} className="text-lantern-700 underline">Next page</Link>}
          </nav>
        )}
      </Shell>
    );
  },
);
