import type { SiteAuthz, SystemAuthz } from "@/lib/auth/authz";
import { selectEmailSignInCandidates } from "@/lib/auth/email-identity";
import type { SiteRole } from "@/lib/auth/roles";
import type { RequestLike } from "@/lib/client-address";
import { badRequest, conflict, notFound } from "@/lib/errors";
import { insertAuditEvent } from "@/lib/models/audit-log";
import { insertUser, selectUsersByEmail, updateUserSiteRoles, type User } from "@/lib/models/users";

type AdminAuthz = SiteAuthz | SystemAuthz;

/**
 * The account an admin or the command line means by an address: the one that may already sign in with it (a site
 * role, or staff vouched for by a signed LMS launch), else one an admin or the command line made for it earlier (no
 * LMS account), else a new account with that address and no other access. An LMS account whose address the LMS
 * never vouched for is never picked (issue 13: never merge by an unverified email). Audited as `user.create`.
 */
export async function ensureUserByEmail({
  authz,
  email,
  req,
}: {
  authz: AdminAuthz;
  email: string;
  req?: RequestLike | null;
}): Promise<{ user: User; created: boolean }> {
  if (authz.kind === "site" && !authz.roles.includes("admin")) throw notFound();
  const address = email.trim().toLowerCase();
  if (address.length > 320 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) throw badRequest(`"${email}" is not an email address.`);
  let candidates: User[] = await selectEmailSignInCandidates({ email: address });
  if (candidates.length === 0) candidates = (await selectUsersByEmail({ email: address })).filter((u) => !u.hasLmsAccount);
  if (candidates.length > 1) throw conflict(`${address} belongs to ${candidates.length} accounts; grant the role on the user's page instead.`);
  if (candidates[0]) return { user: candidates[0], created: false };
  const user = await insertUser({ values: { name: null, email: address } });
  await insertAuditEvent({ authz, action: "user.create", subject: { type: "user", id: user.id }, after: { email: address }, req });
  return { user, created: true };
}

/**
 * Gives the account behind an address a site role (the CLI's `admin add`, ADMIN_EMAILS, an admin's grant on the
 * Users page): see ensureUserByEmail for which account. Audited (`user.create`, `user.roles_change`); idempotent.
 */
export async function grantSiteRoleByEmail({
  authz,
  email,
  role,
  req,
}: {
  authz: AdminAuthz;
  email: string;
  role: SiteRole;
  req?: RequestLike | null;
}): Promise<User> {
  const { user } = await ensureUserByEmail({ authz, email, req });
  if (user.siteRoles.includes(role)) return user;
  return updateUserSiteRoles({ authz, userId: user.id, roles: [...user.siteRoles, role], req });
}
