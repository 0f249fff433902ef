import Link from "next/link";
import { z } from "zod";
import { inputClass, secondaryButton } from "@/components/form-controls";
import { page } from "@/lib/auth/page";
import { selectCourseList } from "@/lib/models/course-directory";
import { AdminFrame } from "../_components/admin-frame";
import { cursorParam } from "../_components/search-params";

export const dynamic = "force-dynamic";

const search = z.object({ q: z.string().trim().max(200).optional().catch(undefined).transform((v) => v || undefined), cursor: cursorParam });

/** Every live course across platforms, with its LMSs and size, linking to the course's own pages. */
export default page({ access: { siteRoles: ["admin"] }, searchParams: search }, async ({ authz, searchParams }) => {
  const { q, cursor } = searchParams;
  const { items, nextCursor } = await selectCourseList({ authz, q, cursor });
  const next = new URLSearchParams(Object.entries({ q, cursor: nextCursor }).filter((e): e is [string, string] => !!e[1]));
  return (
    <AdminFrame current="/admin/courses" title="Courses">
      <form method="get" role="search" aria-label="Find courses" className="mt-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="courses-q" className="block text-sm font-medium">Search</label>
          <input id="courses-q" name="q" defaultValue={q} className={inputClass} placeholder="Title or code" />
        </div>
        <button type="submit" className={secondaryButton}>Search</button>
      </form>
      <p className="mt-2 text-sm text-slate-700">Admins take part in every course as instructors.</p>
      {items.length === 0 ? (
        <p className="mt-6 text-slate-700">No courses match.</p>
      ) : (
        <div className="mt-4 relative overflow-x-auto" tabIndex={0} role="region" aria-label="Courses">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Courses, newest first</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-3">Course</th>
                <th scope="col" className="py-2 pr-3">LMS</th>
                <th scope="col" className="py-2 pr-3">Staff</th>
                <th scope="col" className="py-2 pr-3">Students</th>
                <th scope="col" className="py-2 pr-3">Assignments</th>
                <th scope="col" className="py-2 pr-3">Created</th>
                <th scope="col" className="py-2">Pages</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} className="border-b border-slate-200 align-top">
                  <td className="py-2 pr-3">
                    <Link href={`/courses/${c.id}`} className="text-lantern-700 underline">{c.title}</Link>
                    {c.code && <span className="block text-xs text-slate-600">{c.code}</span>}
                  </td>
                  <td className="py-2 pr-3">{c.platforms.join(", ") || "none"}</td>
                  <td className="py-2 pr-3">{c.staff}</td>
                  <td className="py-2 pr-3">{c.students}</td>
                  <td className="py-2 pr-3">{c.assignments}</td>
                  <td className="py-2 pr-3">{c.createdAt.toISOString().slice(0, 10)}</td>
                  <td className="py-2">
                    <ul className="flex flex-wrap gap-x-3">
                      <li><Link href={`/courses/${c.id}/gradebook`} className="text-lantern-700 underline" aria-label={`Gradebook of ${c.title}`}>Gradebook</Link></li>
                      <li><Link href={`/courses/${c.id}/roster`} className="text-lantern-700 underline" aria-label={`Roster of ${c.title}`}>Roster</Link></li>
                      <li><Link href={`/admin/audit?course=${c.id}`} className="text-lantern-700 underline" aria-label={`Audit entries of ${c.title}`}>Audit</Link></li>
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor && (
        <p className="mt-4">
          <Link href={`/admin/courses?${next}`} className="text-lantern-700 underline">Older courses</Link>
        </p>
      )}
    </AdminFrame>
  );
});
