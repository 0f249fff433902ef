import Link from "next/link";
import { CourseNav } from "@/components/course-nav";
import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { selectAssignments } from "@/lib/models/assignments";
import { selectGradebook, type GradebookRow } from "@/lib/models/gradebook";
import { selectNotebookActivity, withNotebookActivity } from "@/lib/models/notebook-activity";
import { selectRosterSummary } from "@/lib/models/roster";
import { encodeCell, GradebookLegend } from "./_components/gradebook-cell";
import { GradebookRows, type GradebookRowData } from "./_components/gradebook-rows";
import { GradebookFilterForm } from "./_components/gradebook-filters";
import { SortHeader } from "./_components/sort-header";
import { fromQuery, GRADEBOOK_PAGE_SIZE, gradebookHref, gradebookQuery } from "./query";
import { personLabel } from "@/lib/people";

export const dynamic = "force-dynamic";

/** Students × assignments: the counting score of each, its marks, and a link to the student's work. */
export default page({ access: { courseRoles: STAFF_ROLES }, searchParams: gradebookQuery }, async function GradebookPage({ authz, searchParams: q }) {
  const { sort, filters, page: pageNumber } = fromQuery(q);
  const [assignments, summary] = await Promise.all([selectAssignments({ authz }), selectRosterSummary({ authz })]);
  const book = await selectGradebook({ authz, assignments, filters, sort, limit: GRADEBOOK_PAGE_SIZE, offset: (pageNumber - 1) * GRADEBOOK_PAGE_SIZE });
  const { total } = book;
  // Notebook work is in Jupyter until graded: the exchange's fetches and submissions fill those cells (no query without one).
  const rows = withNotebookActivity(book.rows, await selectNotebookActivity({ authz, assignments, userIds: book.rows.map((r) => r.userId) }));
  const base = `/courses/${authz.course.id}`;
  const pages = Math.max(1, Math.ceil(total / GRADEBOOK_PAGE_SIZE));
  const sortKey = typeof sort.by === "object" ? sort.by.assignmentId : sort.by;
  const header = (key: string, label: string) => <SortHeader label={label} active={sortKey === key} dir={sort.dir} href={gradebookHref(authz.course.id, q, { sort: key, dir: sortKey === key && sort.dir === "asc" ? "desc" : "asc", page: undefined })} />;
  const totalPoints = assignments.reduce((n, a) => n + a.points, 0);

  return (
    <Shell crumbs={[{ href: "/courses", label: "Courses" }, { href: base, label: authz.course.title }, { label: "Gradebook" }]}>
      <h1 className="text-xl font-semibold">Gradebook</h1>
      <CourseNav courseId={authz.course.id} current="gradebook" />
      <p className="mt-3 text-sm text-slate-700">
        Each cell is the score that counts (and that the LMS gets). Members who have not launched yet are listed once a{" "}
        <Link href={`${base}/roster`} className="text-lantern-700 underline">roster sync</Link> brings them in.
      </p>
      <div className="mt-3">
        <GradebookFilterForm courseId={authz.course.id} q={q} sections={summary.sections} />
      </div>
      <div className="mt-3">
        <GradebookLegend />
      </div>
      <p className="mt-2 text-sm text-slate-700" role="status">
        {total === 0 ? "No members match." : `${total} member${total === 1 ? "" : "s"}${pages > 1 ? `, page ${pageNumber} of ${pages}` : ""}.`}
      </p>
      <div className="mt-2 max-h-[70vh] relative overflow-auto rounded border border-slate-200" tabIndex={0} role="region" aria-label="Gradebook table (scrolls)">
        <table className="gradebook w-max min-w-full border-separate border-spacing-0 text-sm">
          <caption className="sr-only">Scores by student and assignment; column headers sort the table.</caption>
          <thead className="sticky top-0 z-20 bg-white">
            <tr>
              <th scope="col" aria-sort={sortKey === "name" ? (sort.dir === "asc" ? "ascending" : "descending") : undefined} className="sticky left-0 z-30 border-b border-r border-slate-300 bg-white px-2 py-2 text-left">
                {header("name", "Student")}
              </th>
              <th scope="col" aria-sort={sortKey === "lastLaunch" ? (sort.dir === "asc" ? "ascending" : "descending") : undefined} className="border-b border-slate-300 px-2 py-2 text-left">
                {header("lastLaunch", "Last launch")}
              </th>
              {assignments.map((a) => (
                <th key={a.id} scope="col" aria-sort={sortKey === a.id ? (sort.dir === "asc" ? "ascending" : "descending") : undefined} className="max-w-40 border-b border-slate-300 px-2 py-2 text-right align-bottom">
                  {header(a.id, a.title)}
                  <span className="block text-xs font-normal text-slate-600">/ {a.points}</span>
                </th>
              ))}
              <th scope="col" aria-sort={sortKey === "total" ? (sort.dir === "asc" ? "ascending" : "descending") : undefined} className="border-b border-slate-300 px-2 py-2 text-right align-bottom">
                {header("total", "Total")}
                <span className="block text-xs font-normal text-slate-600">/ {totalPoints}</span>
              </th>
            </tr>
          </thead>
          <GradebookRows courseId={authz.course.id} assignments={assignments.map((a) => ({ id: a.id, points: a.points }))} rows={rowData(rows, assignments)} />
        </table>
      </div>
      {pages > 1 && (
        <nav aria-label="Gradebook pages" className="mt-3 flex gap-3 text-sm">
          {pageNumber > 1 && <Link href={gradebookHref(authz.course.id, q, { page: pageNumber - 1 })} className="text-lantern-700 underline">Previous page</Link>}
          {pageNumber < pages && <Link href={gradebookHref(authz.course.id, q, { page: pageNumber + 1 })} className="text-lantern-700 underline">Next page</Link>}
        </nav>
      )}
    </Shell>
  );
});

/** The rows as the browser gets them (GradebookRows): cells in column order, each a compact code. */
function rowData(rows: GradebookRow[], assignments: { id: string }[]): GradebookRowData[] {
  return rows.map((row) => ({
    userId: row.userId,
    label: personLabel(row),
    isTestUser: row.isTestUser,
    status: row.status,
    lastLaunchAt: row.lastLaunchAt?.toISOString() ?? null,
    cells: assignments.map((a) => (row.cells[a.id] ? encodeCell(row.cells[a.id]) : null)),
  }));
}
