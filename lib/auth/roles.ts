/** Course roles (see db/schema/courses.ts for their LTI origins). */
export type CourseRole = "instructor" | "ta" | "designer" | "mentor" | "student";

/** Roles that manage a course: see every student's work, edit assignments, override grades. */
export const STAFF_ROLES: readonly CourseRole[] = ["instructor", "ta", "designer"];
export const ALL_ROLES: readonly CourseRole[] = ["instructor", "ta", "designer", "mentor", "student"];

export function isStaffRole(role: CourseRole): boolean {
  return STAFF_ROLES.includes(role);
}

/**
 * Site-wide roles, independent of any course: admins run the site (and pass every site-role check); researchers may
 * request research exports of courses whose instructors granted them access.
 */
export type SiteRole = "admin" | "researcher";
export const SITE_ROLES: readonly SiteRole[] = ["admin", "researcher"];

/** What an API token may be used for; each route handler that accepts tokens names the scope it needs. */
export type ApiScope = "read" | "grades:write" | "exchange";
export const API_SCOPES: readonly ApiScope[] = ["read", "grades:write", "exchange"];
