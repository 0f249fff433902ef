import Link from "next/link";
import { z } from "zod";
import { CourseNav } from "@/components/course-nav";
import { LocalTime } from "@/components/local-time";
import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { selectCourseRoster, selectRosterSummary } from "@/lib/models/roster";
import { selectRecentRosterSyncs, selectSyncableContexts } from "@/lib/models/roster-syncs";
import { SyncRoster } from "./_components/sync-roster";
import { personLabel } from "@/lib/people";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 100;
const opt = <T extends z.ZodType>(t: T) => t.optional().catch(undefined);
const query = z.object({
  q: opt(z.string().trim().max(100)),
  role: opt(z.enum(["student", "mentor", "ta", "designer", "instructor"])),
  status: opt(z.enum(["active", "inactive", "dropped"])),
  section: opt(z.string().max(200)),
  never: opt(z.literal("1")),
  page: opt(z.coerce.number().int().min(1).max(10_000)),
});

const ROLE = { student: "Student", mentor: "Mentor", ta: "Teaching assistant", designer: "Designer", instructor: "Instructor" } as const;
const STATUS_STYLE = { active: "bg-green-100 text-green-900", inactive: "bg-amber-100 text-amber-900", dropped: "bg-slate-200 text-slate-800" } as const;
const field = "mt-1 block rounded border border-slate-400 px-2 py-1 text-sm";

/** Every member the LMS reports (NRPS) or who launched: role, status (drops shown, never deleted), last launch. */
export default page({ access: { courseRoles: STAFF_ROLES }, searchParams: query }, async function RosterPage({ authz, searchParams: q }) {
  const pageNumber = q.page ?? 1;
  const [summary, roster, syncs, contexts] = await Promise.all([
    selectRosterSummary({ authz }),
    selectCourseRoster({
      authz,
      filters: { search: q.q || undefined, role: q.role, status: q.status, section: q.section || undefined, neverLaunched: q.never === "1" },
      limit: PAGE_SIZE,
      offset: (pageNumber - 1) * PAGE_SIZE,
    }),
    selectRecentRosterSyncs({ authz }),
    selectSyncableContexts(authz, { courseId: authz.course.id }),
  ]);
  const base = `/courses/${authz.course.id}`;
  const pages = Math.max(1, Math.ceil(roster.total / PAGE_SIZE));
  const href = (p: number) => {
    const params = new URLSearchParams(Object.entries({ ...q, page: String(p) }).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
    return `${base}/roster?${params}`;
  };
  const active = syncs.filter((s) => s.status === "queued" || s.status === "running").map((s) => s.id);
  const last = syncs.find((s) => s.status === "done" || s.status === "failed");

  return (
    <Shell crumbs={[{ href: "/courses", label: "Courses" }, { href: base, label: authz.course.title }, { label: "Roster" }]}>
      <h1 className="text-xl font-semibold">Roster</h1>
      <CourseNav courseId={authz.course.id} current="roster" />
      <p className="mt-3 text-sm text-slate-700">
        {summary.total} members: {summary.active} active, {summary.inactive} inactive, {summary.dropped} dropped; {summary.neverLaunched} never launched.
        Members the LMS drops stay listed (with their work and grades) as dropped.
      </p>
      <section aria-labelledby="sync-heading" className="mt-4 rounded border border-slate-200 p-3">
        <h2 id="sync-heading" className="text-base font-semibold">Sync with the LMS</h2>
        {contexts.length === 0 ? (
          <p className="mt-1 text-sm text-slate-700">
            There is no LMS roster to read yet: open Lantern from the LMS course as an instructor first. Lantern reads a roster only from an LMS
            course staff launched it from, and only when the LMS shares it (Names and Role Provisioning).
          </p>
        ) : (
          <p className="mt-1 text-sm text-slate-700">
            Reads the roster of {contexts.map((c) => `“${c.context.title ?? c.context.contextId}” (${c.platformName})`).join(", ")}. It is also read again every six hours.
          </p>
        )}
        {last && (
          <p className="mt-1 text-sm text-slate-700">
            Last sync {last.finishedAt && <LocalTime iso={last.finishedAt.toISOString()} />}:{" "}
            {last.status === "done" ? `${last.stats.members} members, ${last.stats.added} added, ${last.stats.dropped} dropped.` : <span className="text-red-800">failed: {last.error}</span>}
          </p>
        )}
        <div className="mt-2">
          <SyncRoster courseId={authz.course.id} activeSyncIds={active} canSync={contexts.length > 0 && !authz.viewingAs} />
        </div>
      </section>
      <form method="get" action={`${base}/roster`} role="search" aria-label="Filter the roster" className="mt-4 flex flex-wrap items-end gap-3">
        <label className="text-sm font-medium">
          Name or email
          <input type="search" name="q" defaultValue={q.q ?? ""} className={field} />
        </label>
        <label className="text-sm font-medium">
          Role
          <select name="role" defaultValue={q.role ?? ""} className={field}>
            <option value="">Any role</option>
            {Object.entries(ROLE).map(([value, label]) => (
              <option key={value} value={value}>{label}</option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium">
          Status
          <select name="status" defaultValue={q.status ?? ""} className={field}>
            <option value="">Any status</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
            <option value="dropped">Dropped</option>
          </select>
        </label>
        {summary.sections.length > 0 && (
          <label className="text-sm font-medium">
            Section
            <select name="section" defaultValue={q.section ?? ""} className={field}>
              <option value="">All sections</option>
              {summary.sections.map((s) => (
                <option key={s} value={s}>{s}</option>
              ))}
            </select>
          </label>
        )}
        <label className="flex items-center gap-2 pb-1 text-sm font-medium">
          <input type="checkbox" name="never" value="1" defaultChecked={q.never === "1"} /> Never launched only
        </label>
        <button type="submit" className="rounded bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-900">Apply</button>
      </form>
      <p className="mt-3 text-sm text-slate-700" role="status">
        {roster.total} match{roster.total === 1 ? "" : "es"}{pages > 1 ? `, page ${pageNumber} of ${pages}` : ""}.
      </p>
      <div className="mt-2 relative overflow-x-auto" tabIndex={0} role="region" aria-label="Course members (scrolls)">
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">Course members</caption>
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="py-2 pr-3">Name</th>
              <th scope="col" className="py-2 pr-3">Email</th>
              <th scope="col" className="py-2 pr-3">Role</th>
              <th scope="col" className="py-2 pr-3">Status</th>
              <th scope="col" className="py-2 pr-3">Last launch</th>
              <th scope="col" className="py-2">Sections</th>
            </tr>
          </thead>
          <tbody>
            {roster.entries.map((m) => (
              <tr key={m.userId} className="border-b border-slate-200">
                <th scope="row" className="py-2 pr-3 text-left font-normal">
                  {m.role === "student" ? (
                    <Link href={`${base}/students/${m.userId}`} className="text-lantern-700 hover:underline">{personLabel(m)}</Link>
                  ) : (
                    personLabel(m, "Member")
                  )}
                  {m.isTestUser && <span className="ml-1 text-xs text-slate-600">(LMS test student)</span>}
                </th>
                <td className="py-2 pr-3 text-slate-700">{m.email ?? "—"}</td>
                <td className="py-2 pr-3">{ROLE[m.role]}</td>
                <td className="py-2 pr-3">
                  <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[m.status]}`}>{m.status}</span>
                </td>
                <td className="py-2 pr-3 text-slate-700">{m.lastLaunchAt ? <LocalTime iso={m.lastLaunchAt.toISOString()} /> : "Never launched"}</td>
                <td className="py-2 text-slate-700">{m.sections.join(", ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav aria-label="Roster pages" className="mt-3 flex gap-3 text-sm">
          {pageNumber > 1 && <Link href={href(pageNumber - 1)} className="text-lantern-700 underline">Previous page</Link>}
          {pageNumber < pages && <Link href={href(pageNumber + 1)} className="text-lantern-700 underline">Next page</Link>}
        </nav>
      )}
    </Shell>
  );
});
