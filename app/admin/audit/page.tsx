import Link from "next/link";
import { z } from "zod";
import { inputClass, secondaryButton } from "@/components/form-controls";
import { LocalTime } from "@/components/local-time";
import { page } from "@/lib/auth/page";
import { selectAuditEvents } from "@/lib/models/audit-log";
import { AdminFrame } from "../_components/admin-frame";
import { cursorParam } from "../_components/search-params";

export const dynamic = "force-dynamic";

const text = (max: number) => z.string().trim().max(max).optional().catch(undefined).transform((v) => v || undefined);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

const search = z.object({ q: text(200), action: text(100), from: day, to: day, course: z.uuid().optional().catch(undefined), cursor: cursorParam });

function summary(value: unknown): string {
  if (value === null || value === undefined) return "";
  return JSON.stringify(value);
}

/** Every staff and admin action, newest first: who, what, before/after, when, from where. Read-only by design. */
export default page({ access: { siteRoles: ["admin"] }, searchParams: search }, async ({ authz, searchParams }) => {
  const { q, action, from, to, course, cursor } = searchParams;
  const { items, nextCursor } = await selectAuditEvents({
    authz,
    filter: {
      q,
      action,
      courseId: course,
      from: from ? new Date(`${from}T00:00:00Z`) : undefined,
      to: to ? new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000) : undefined,
    },
    cursor,
  });
  const next = new URLSearchParams(Object.entries({ q, action, from, to, course, cursor: nextCursor }).filter((e): e is [string, string] => !!e[1]));
  return (
    <AdminFrame current="/admin/audit" title="Audit log">
      <form method="get" className="mt-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filter the audit log">
        <div>
          <label htmlFor="audit-q" className="block text-sm font-medium">Search</label>
          <input id="audit-q" name="q" defaultValue={q} className={inputClass} placeholder="Name, email or subject id" />
        </div>
        <div>
          <label htmlFor="audit-action" className="block text-sm font-medium">Action</label>
          <input id="audit-action" name="action" defaultValue={action} className={inputClass} placeholder="e.g. platform. or user.roles_change" aria-describedby="audit-action-hint" />
          <p id="audit-action-hint" className="mt-1 text-xs text-slate-600">End with a dot to match a family.</p>
        </div>
        <div>
          <label htmlFor="audit-from" className="block text-sm font-medium">From</label>
          <input id="audit-from" name="from" type="date" defaultValue={from} className={inputClass} />
        </div>
        <div>
          <label htmlFor="audit-to" className="block text-sm font-medium">To</label>
          <input id="audit-to" name="to" type="date" defaultValue={to} className={inputClass} />
        </div>
        {course && <input type="hidden" name="course" value={course} />}
        <button type="submit" className={secondaryButton}>Filter</button>
      </form>
      {course && (
        <p className="mt-3 text-sm">
          Entries of one course only. <Link href="/admin/audit" className="text-lantern-700 underline">Show every entry</Link>
        </p>
      )}
      {items.length === 0 ? (
        <p className="mt-6 text-slate-700">No entries match.</p>
      ) : (
        <div className="mt-6 relative overflow-x-auto" tabIndex={0} role="region" aria-label="Audit log entries (scrolls)">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audit entries, newest first</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-3">When</th>
                <th scope="col" className="py-2 pr-3">Who</th>
                <th scope="col" className="py-2 pr-3">Action</th>
                <th scope="col" className="py-2 pr-3">Subject</th>
                <th scope="col" className="py-2 pr-3">Before → after</th>
                <th scope="col" className="py-2">From</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} className="border-b border-slate-200 align-top">
                  <td className="py-2 pr-3 whitespace-nowrap">
                    <LocalTime iso={e.occurredAt.toISOString()} seconds />
                  </td>
                  <td className="py-2 pr-3">
                    {e.actorUserId ? (e.actorName ?? e.actorEmail ?? "Unnamed user") : e.actorVia === "cli" ? "Command line" : "System"}
                    {e.actorVia === "api_token" && <span className="block text-xs text-slate-600">with an API token</span>}
                    {e.effectiveUserId && e.effectiveUserId !== e.actorUserId && <span className="block text-xs text-slate-600">viewing as another user</span>}
                  </td>
                  <td className="py-2 pr-3 font-mono">{e.action}</td>
                  <td className="py-2 pr-3">
                    {e.subjectType}
                    {e.subjectId && <span className="block font-mono text-xs break-all text-slate-600">{e.subjectId}</span>}
                  </td>
                  <td className="max-w-xs py-2 pr-3 font-mono text-xs break-all">
                    {summary(e.before) && <span className="block">{summary(e.before)}</span>}
                    {summary(e.after) && <span className="block">→ {summary(e.after)}</span>}
                  </td>
                  <td className="py-2 text-xs">{e.ipPrefix ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor && (
        <p className="mt-4">
          <Link href={`/admin/audit?${next}`} className="text-lantern-700 underline">
            Older entries
          </Link>
        </p>
      )}
    </AdminFrame>
  );
});
