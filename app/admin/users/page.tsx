import Link from "next/link";
import { inputClass, secondaryButton } from "@/components/form-controls";
import { page } from "@/lib/auth/page";
import { selectUserList } from "@/lib/models/user-directory";
import { AdminFrame } from "../_components/admin-frame";
import { GrantRoleForm } from "./_components/grant-role-form";
import { userSearch } from "./schema";

export const dynamic = "force-dynamic";

/** Every user, searchable by name, email or id, filterable by site role; granting a role by email. */
export default page({ access: { siteRoles: ["admin"] }, searchParams: userSearch }, async ({ authz, searchParams }) => {
  const { q, role, cursor } = searchParams;
  const { items, nextCursor } = await selectUserList({ authz, q, role, cursor });
  const next = new URLSearchParams(Object.entries({ q, role, cursor: nextCursor }).filter((e): e is [string, string] => !!e[1]));
  return (
    <AdminFrame current="/admin/users" title="Users">
      <form method="get" role="search" aria-label="Find users" className="mt-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="users-q" className="block text-sm font-medium">Search</label>
          <input id="users-q" name="q" defaultValue={q} className={inputClass} placeholder="Name, email or user id" />
        </div>
        <div>
          <label htmlFor="users-role" className="block text-sm font-medium">Site role</label>
          <select id="users-role" name="role" defaultValue={role ?? ""} className={inputClass}>
            <option value="">Anyone</option>
            <option value="admin">Admins</option>
            <option value="researcher">Researchers</option>
          </select>
        </div>
        <button type="submit" className={secondaryButton}>Search</button>
      </form>
      {items.length === 0 ? (
        <p className="mt-6 text-slate-700">No users match.</p>
      ) : (
        <div className="mt-6 relative overflow-x-auto" tabIndex={0} role="region" aria-label="Users">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Users, newest first</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-3">Name</th>
                <th scope="col" className="py-2 pr-3">Email</th>
                <th scope="col" className="py-2 pr-3">Site roles</th>
                <th scope="col" className="py-2 pr-3">Status</th>
                <th scope="col" className="py-2 pr-3">Courses</th>
                <th scope="col" className="py-2 pr-3">LMS accounts</th>
                <th scope="col" className="py-2">Created</th>
              </tr>
            </thead>
            <tbody>
              {items.map((u) => (
                <tr key={u.id} className="border-b border-slate-200">
                  <td className="py-2 pr-3">
                    <Link href={`/admin/users/${u.id}`} className="text-lantern-700 underline">
                      {u.name ?? u.email ?? "Unnamed user"}
                    </Link>
                    {u.isTestUser && <span className="block text-xs text-slate-600">LMS test user</span>}
                  </td>
                  <td className="py-2 pr-3 break-all">{u.email ?? "—"}</td>
                  <td className="py-2 pr-3">{u.siteRoles.join(", ") || "—"}</td>
                  <td className="py-2 pr-3">{u.deactivatedAt ? "deactivated" : "active"}</td>
                  <td className="py-2 pr-3">{u.courseCount}</td>
                  <td className="py-2 pr-3">{u.lmsAccountCount}</td>
                  <td className="py-2">{u.createdAt.toISOString().slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor && (
        <p className="mt-4">
          <Link href={`/admin/users?${next}`} className="text-lantern-700 underline">Older users</Link>
        </p>
      )}
      <section aria-labelledby="grant-heading" className="mt-8">
        <h2 id="grant-heading" className="text-lg font-semibold">Grant a site role by email</h2>
        <p className="mt-1 max-w-2xl text-sm text-slate-700">
          The address&apos;s account gets the role (or a new account is made for it); they then sign in by email. An
          LMS account is never matched by an address the LMS did not vouch for.
        </p>
        <GrantRoleForm />
      </section>
    </AdminFrame>
  );
});
