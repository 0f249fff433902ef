import type { CourseRole } from "@/lib/auth/roles";

/**
 * LTI role vocabularies (LTI Core 1.3 §A.2, https://www.imsglobal.org/spec/lti/v1p3#role-vocabularies). Context
 * roles decide the course role; institution/system administrators without a context role act as instructors.
 * LTI 1.3 also allows the simple names ("Instructor") for context roles (§A.2.3.1, deprecated but sent by some LMSs).
 */
const MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership";
const ADMIN_ROLES = [
  "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
  "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
  "http://purl.imsglobal.org/vocab/lis/v2/system/person#SysAdmin",
];
/** Canvas marks its "Test Student" (student view) with this role. */
export const TEST_USER_ROLE = "http://purl.imsglobal.org/vocab/lti/system/person#TestUser";

function contextRole(uri: string): string | null {
  if (uri.startsWith(`${MEMBERSHIP}#`)) return uri.slice(MEMBERSHIP.length + 1);
  if (uri.startsWith(`${MEMBERSHIP}/`)) return uri.slice(MEMBERSHIP.length + 1); // sub-role, e.g. Instructor#TeachingAssistant
  if (/^[A-Za-z]+$/.test(uri)) return uri;
  return null;
}

/** The course role for a launch's role URIs, or null when the user holds no role Lantern maps. */
export function courseRoleFromLti(roles: readonly string[]): CourseRole | null {
  const names = new Set(roles.map(contextRole).filter((r): r is string => r !== null));
  const has = (...candidates: string[]) => candidates.some((c) => names.has(c));
  if (has("Instructor#TeachingAssistant", "TeachingAssistant") && !has("Administrator")) return "ta";
  if (has("Instructor", "Administrator")) return "instructor";
  if (has("ContentDeveloper")) return "designer";
  if (has("Mentor")) return "mentor";
  if (has("Learner")) return "student";
  if (roles.some((r) => ADMIN_ROLES.includes(r))) return "instructor";
  return null;
}

/** True for the LMS's preview user (Canvas Test Student). */
export function isTestUserLaunch(roles: readonly string[]): boolean {
  return roles.includes(TEST_USER_ROLE);
}
