"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { action } from "@/lib/auth/action";
import { grantSiteRoleByEmail } from "@/lib/admin/users";
import { forbidden } from "@/lib/errors";
import { updateUserActive, updateUserSiteRoles } from "@/lib/models/users";
import { grantRoleForm, userActiveForm, userRolesForm } from "./schema";

const admin = { siteRoles: ["admin"] } as const;

/** Sets a user's site roles (the last active admin keeps theirs). */
export const setUserRolesAction = action({ access: admin, schema: userRolesForm, arrays: ["roles"] }, async ({ userId, roles }, { authz }) => {
  const user = await updateUserSiteRoles({ authz, userId, roles, req: await headers() });
  revalidatePath(`/admin/users/${userId}`);
  revalidatePath("/admin/users");
  return { ok: true, message: `Saved: ${user.siteRoles.join(", ") || "no site roles"}.` };
});

/** Deactivates (ending their sessions) or reactivates a user. */
export const setUserActiveAction = action({ access: admin, schema: userActiveForm }, async ({ userId, active }, { authz, session }) => {
  if (!active && userId === session.user.id) throw forbidden("You cannot deactivate yourself; ask another admin.");
  await updateUserActive({ authz, userId, active, req: await headers() });
  revalidatePath(`/admin/users/${userId}`);
  revalidatePath("/admin/users");
  return { ok: true, message: active ? "Reactivated." : "Deactivated: their sessions have ended." };
});

/** Gives the account behind an address a site role, creating the account when there is none. */
export const grantRoleAction = action({ access: admin, schema: grantRoleForm }, async ({ email, role }, { authz }) => {
  await grantSiteRoleByEmail({ authz, email, role, req: await headers() });
  revalidatePath("/admin/users");
  return { ok: true, message: `${email} is now ${role === "admin" ? "an admin" : "a researcher"}; they can sign in by email.` };
});
