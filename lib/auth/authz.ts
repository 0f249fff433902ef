import { notFound } from "@/lib/errors";
import { selectOptionalCourse, type Course } from "@/lib/models/courses";
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

/** Background jobs act with this explicit, grep-able authority instead of a user's. */
export type SystemAuthz = { kind: "system" };
export function systemAuthz(): SystemAuthz {
  return { kind: "system" };
}

/** The course role of a session's effective user (site admins count as instructors everywhere). */
export async function courseRoleFor(session: Session, courseId: string): Promise<CourseRole | null> {
  const realRole = session.user.isAdmin
    ? "instructor"
    : (await selectOptionalEnrollment({ courseId, userId: session.user.id }))?.role ?? null;
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
  const course = await selectOptionalCourse({ unsafeCourseId });
  if (!course) throw notFound("No such course.");
  const role = await courseRoleFor(current, course.id);
  if (!role || !roles.includes(role)) throw notFound("No such course.");
  return { kind: "course", session: current, course, role, viewingAs: current.effectiveUser.id !== current.user.id };
}

/** The site roles a user holds. */
export function siteRolesOf(user: Session["user"]): SiteRole[] {
  return user.isAdmin ? ["admin"] : [];
}

/**
 * Requires the signed-in user to hold one of `roles` site-wide (admins pass every check). Refused while viewing as
 * someone else, and with a 404 so admin pages are not advertised.
 */
export async function requireSiteRole({ session, roles }: { session?: Session; roles: readonly SiteRole[] }): Promise<Session> {
  const current = session ?? (await requireSession());
  const held = siteRolesOf(current.user);
  const allowed = held.includes("admin") || held.some((r) => roles.includes(r));
  if (!allowed || current.effectiveUser.id !== current.user.id) throw notFound();
  return current;
}

/** Requires a site administrator (same rules as requireSiteRole). */
export async function requireAdmin(session?: Session): Promise<Session> {
  return requireSiteRole({ session, roles: ["admin"] });
}
