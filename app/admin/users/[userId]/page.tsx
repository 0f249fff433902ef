import Link from "next/link";
import { z } from "zod";
import { page } from "@/lib/auth/page";
import { selectUserDetail } from "@/lib/models/user-directory";
import { ActionButton } from "../../_components/action-button";
import { AdminFrame } from "../../_components/admin-frame";
import { setUserActiveAction } from "../actions";
import { RolesForm } from "../_components/roles-form";

export const dynamic = "force-dynamic";

const when = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "never");

/** One user: site roles, deactivation, how they sign in, and their enrollments. */
export default page({ access: { siteRoles: ["admin"] }, params: z.object({ userId: z.string() }) }, async ({ authz, params, session }) => {
  const { user, enrollments, lmsAccounts, activeSessions, liveApiTokens } = await selectUserDetail({ authz, unsafeUserId: params.userId });
  const label = user.name ?? user.email ?? "Unnamed user";
  const isSelf = user.id === session.user.id;
  return (
    <AdminFrame current="/admin/users" title={label} parent={{ href: "/admin/users", label: "Users" }}>
      <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        <dt className="font-medium">Email</dt>
        <dd className="break-all">{user.email ?? "none"}</dd>
        <dt className="font-medium">Status</dt>
        <dd>{user.deactivatedAt ? `deactivated ${when(user.deactivatedAt)}` : "active"}</dd>
        <dt className="font-medium">Created</dt>
        <dd>{when(user.createdAt)}</dd>
        <dt className="font-medium">Signed in now</dt>
        <dd>{activeSessions} session{activeSessions === 1 ? "" : "s"}, {liveApiTokens} live API token{liveApiTokens === 1 ? "" : "s"}</dd>
        <dt className="font-medium">User id</dt>
        <dd className="font-mono break-all">{user.id}</dd>
      </dl>

      <section aria-labelledby="roles-heading" className="mt-8">
        <h2 id="roles-heading" className="text-lg font-semibold">Site roles</h2>
        <RolesForm userId={user.id} roles={user.siteRoles} />
      </section>

      <section aria-labelledby="access-heading" className="mt-8">
        <h2 id="access-heading" className="text-lg font-semibold">Access</h2>
        <p className="mt-1 max-w-2xl text-sm text-slate-700">
          A deactivated user cannot sign in, launch from an LMS or use API tokens; their sessions end at once. Their work
          and grades are kept.
        </p>
        <div className="mt-2">
          {isSelf ? (
            <p className="text-sm text-slate-700">This is you: another admin can deactivate your account.</p>
          ) : (
            <ActionButton
              action={setUserActiveAction}
              fields={{ userId: user.id, active: String(Boolean(user.deactivatedAt)) }}
              label={user.deactivatedAt ? "Reactivate" : "Deactivate"}
              variant={user.deactivatedAt ? "primary" : "danger"}
            />
          )}
        </div>
      </section>

      <section aria-labelledby="sign-in-heading" className="mt-8">
        <h2 id="sign-in-heading" className="text-lg font-semibold">Sign-in methods</h2>
        <ul className="mt-1 list-disc space-y-1 pl-6 text-sm">
          <li>
            Email link:{" "}
            {user.email
              ? user.emailVerified
                ? `${user.email}, last used ${when(user.emailVerified)}`
                : `${user.email}, never used`
              : "no address"}
          </li>
          {lmsAccounts.length === 0 && <li>No LMS account</li>}
          {lmsAccounts.map((a) => (
            <li key={`${a.issuer} ${a.sub}`}>
              LMS launch from {a.platformName} (LTI {a.ltiVersion}), LMS user id <code className="break-all">{a.sub}</code>, since {when(a.since)}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="enrollments-heading" className="mt-8">
        <h2 id="enrollments-heading" className="text-lg font-semibold">Enrollments</h2>
        {enrollments.length === 0 ? (
          <p className="mt-1 text-sm text-slate-700">Not enrolled in any course.</p>
        ) : (
          <div className="mt-2 relative overflow-x-auto" tabIndex={0} role="region" aria-label="Enrollments">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Enrollments</caption>
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-2 pr-3">Course</th>
                  <th scope="col" className="py-2 pr-3">Role</th>
                  <th scope="col" className="py-2 pr-3">Status</th>
                  <th scope="col" className="py-2 pr-3">From</th>
                  <th scope="col" className="py-2">Last launch</th>
                </tr>
              </thead>
              <tbody>
                {enrollments.map((e) => (
                  <tr key={e.courseId} className="border-b border-slate-200">
                    <td className="py-2 pr-3">
                      {e.courseDeleted ? (
                        <span>{e.courseTitle} (deleted)</span>
                      ) : (
                        <Link href={`/courses/${e.courseId}`} className="text-lantern-700 underline">
                          {e.courseTitle}
                        </Link>
                      )}
                      {e.courseCode && <span className="block text-xs text-slate-600">{e.courseCode}</span>}
                    </td>
                    <td className="py-2 pr-3">{e.role}</td>
                    <td className="py-2 pr-3">{e.status}</td>
                    <td className="py-2 pr-3">{e.source}</td>
                    <td className="py-2">{when(e.lastLaunchAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <p className="mt-8 text-sm">
        <Link href={`/admin/audit?q=${user.id}`} className="text-lantern-700 underline">Audit entries about this user</Link>
      </p>
    </AdminFrame>
  );
});
