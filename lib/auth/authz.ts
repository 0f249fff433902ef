import { notFound } from "@/lib/errors";
import { selectOptionalCourseWithRole, type Course } from "@/lib/models/courses";
import { selectOptionalEnrollment } from "@/lib/models/enrollments";
import { isStaffRole, type CourseRole, type SiteRole } from "./roles";
import { requireSession, type Session } from "./session";

/** What a caller may do in one course: who they are, which course, and the role that applies. */
export type CourseAuthz = {
  kind: "course";
  session: Session;
  course: Course;
  /** The role used for this request: the effective user's role when a staff member views as a student. */
  role: CourseRole;
  /** True while a staff member is viewing the course as someone else; such requests must not change work. */
  viewingAs: boolean;
};

/** A signed-in user acting on their own behalf (their tokens, their profile), outside any course. */
export type UserAuthz = { kind: "user"; session: Session };

/** A user acting with a site role (admin pages, researcher tools). */
export type SiteAuthz = { kind: "site"; session: Session; roles: readonly SiteRole[] };

/**
 * Background jobs and the command line act with this explicit, grep-able authority instead of a user's. `via` says
 * which, for the audit log.
 */
export type SystemAuthz = { kind: "system"; via: "system" | "cli" };
export function systemAuthz(via: SystemAuthz["via"] = "system"): SystemAuthz {
  return { kind: "system", via };
}

/** Every authority an action can be taken with (what the audit log records as "who"). */
export type AnyAuthz = CourseAuthz | SiteAuthz | UserAuthz | SystemAuthz;

/** The course role of a session's effective user (site admins count as instructors everywhere). */
export async function courseRoleFor(session: Session, courseId: string): Promise<CourseRole | null> {
  const enrolled = session.user.siteRoles.includes("admin") ? null : (await selectOptionalEnrollment({ courseId, userId: session.user.id }))?.role ?? null;
  return effectiveRole(session, courseId, enrolled);
}

/** The effective user's role, given the real user's enrollment role (`enrolled`) in the course. */
async function effectiveRole(session: Session, courseId: string, enrolled: CourseRole | null): Promise<CourseRole | null> {
  const realRole = session.user.siteRoles.includes("admin") ? "instructor" : enrolled;
  if (session.effectiveUser.id === session.user.id) return realRole;
  // Viewing as another user is only honoured for staff of this course, and then shows that user's role.
  if (!realRole || !isStaffRole(realRole)) return null;
  return (await selectOptionalEnrollment({ courseId, userId: session.effectiveUser.id }))?.role ?? null;
}

/**
 * Requires the signed-in user to hold one of `roles` in the course. A missing course and a course the user may not
 * see are the same 404 (house style, rule 11).
 */
export async function requireCourseRole({
  unsafeCourseId,
  roles,
  session,
}: {
  unsafeCourseId: string;
  roles: readonly CourseRole[];
  session?: Session;
}): Promise<CourseAuthz> {
  const current = session ?? (await requireSession());
  // The course and the real user's enrollment in one statement (every course page and action starts here).
  const found = await selectOptionalCourseWithRole({ unsafeCourseId, userId: current.user.id });
  if (!found) throw notFound("No such course.");
  return authorizeCourse({ session: current, course: found.course, enrolled: found.role, roles });
}

/**
 * `requireCourseRole` for a caller that already read the live course and the real user's active enrollment role in
 * it (`enrolled`, null when none), e.g. joined into the statement that found the resource.
 */
export async function authorizeCourse({
  session,
  course,
  enrolled,
  roles,
}: {
  session: Session;
  course: Course;
  enrolled: CourseRole | null;
  roles: readonly CourseRole[];
}): Promise<CourseAuthz> {
  const role = await effectiveRole(session, course.id, enrolled);
  if (!role || !roles.includes(role)) throw notFound("No such course.");
  return { kind: "course", session, course, role, viewingAs: session.effectiveUser.id !== session.user.id };
}

/** The site roles a user holds. */
export function siteRolesOf(user: Session["user"]): readonly SiteRole[] {
  return user.siteRoles;
}

/**
 * Requires the signed-in user to hold one of `roles` site-wide (admins pass every check). Refused while viewing as
 * someone else, and with a 404 so admin pages are not advertised.
 */
export async function requireSiteRole({ session, roles }: { session?: Session; roles: readonly SiteRole[] }): Promise<SiteAuthz> {
  const current = session ?? (await requireSession());
  const held = siteRolesOf(current.user);
  const allowed = held.includes("admin") || held.some((r) => roles.includes(r));
  if (!allowed || current.effectiveUser.id !== current.user.id) throw notFound();
  return { kind: "site", session: current, roles: held };
}
