import type { SiteAuthz, SystemAuthz } from "@/lib/auth/authz";
import { selectEmailSignInCandidates } from "@/lib/auth/email-identity";
import type { SiteRole } from "@/lib/auth/roles";
import type { RequestLike } from "@/lib/client-address";
import { conflict, notFound } from "@/lib/errors";
import { insertAuditEvent } from "@/lib/models/audit-log";
import { insertUser, updateUserSiteRoles, type User } from "@/lib/models/users";

type AdminAuthz = SiteAuthz | SystemAuthz;

/**
 * Gives the account behind an address a site role (the CLI's `admin add`, ADMIN_EMAILS, an admin's invitation):
 * the account that may already sign in with it, else a new account with that address and no other access. Audited
 * (`user.create`, `user.roles_change`); idempotent.
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
  if (authz.kind === "site" && !authz.roles.includes("admin")) throw notFound();
  const address = email.trim().toLowerCase();
  const candidates = await selectEmailSignInCandidates({ email: address });
  if (candidates.length > 1) throw conflict(`${address} belongs to ${candidates.length} accounts; grant the role on the user's page instead.`);
  let user = candidates[0];
  if (!user) {
    user = await insertUser({ values: { name: null, email: address } });
    await insertAuditEvent({ authz, action: "user.create", subject: { type: "user", id: user.id }, after: { email: address }, req });
  }
  if (user.siteRoles.includes(role)) return user;
  return updateUserSiteRoles({ authz, userId: user.id, roles: [...user.siteRoles, role], req });
}
