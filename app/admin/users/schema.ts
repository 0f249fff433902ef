import { z } from "zod";
import { SITE_ROLES, type SiteRole } from "@/lib/auth/roles";
import { cursorParam } from "../_components/search-params";

const siteRole = z.enum(SITE_ROLES as [SiteRole, ...SiteRole[]]);

export const userRolesForm = z.object({ userId: z.uuid("No such user."), roles: z.array(siteRole).max(SITE_ROLES.length) });
export const userActiveForm = z.object({ userId: z.uuid("No such user."), active: z.enum(["true", "false"]).transform((v) => v === "true") });
export const grantRoleForm = z.object({
  email: z.string().trim().toLowerCase().max(320, "Use at most 320 characters.").pipe(z.email("Enter an email address, e.g. ada@example.edu.")),
  role: siteRole,
});

export const userSearch = z.object({
  q: z.string().trim().max(200).optional().catch(undefined).transform((v) => v || undefined),
  role: siteRole.optional().catch(undefined),
  cursor: cursorParam,
});
