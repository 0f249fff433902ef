import type { ExportKind } from "@/lib/models/export-jobs";
import { courseRoleFor } from "@/lib/auth/authz";
import { isStaffRole } from "@/lib/auth/roles";
import type { Session } from "@/lib/auth/session";
import { notFound } from "@/lib/errors";
import { selectOptionalCourse, type Course } from "@/lib/models/courses";
import type { ExportJob } from "@/lib/models/export-jobs";
import { hasResearchGrant } from "@/lib/models/research";
import { EXPORT_KINDS } from "./params";

// Who may export what (issue 15): instructors and other staff their course's exports; researchers only
// de-identified exports of courses whose instructor granted them access; site admins everything. Anything else is a
// 404, so courses and jobs a caller may not see are not revealed.

export type ExportRight = "admin" | "staff" | "researcher";

const realUser = (session: Session) => {
  // Viewing as a student never carries export rights.
  if (session.effectiveUser.id !== session.user.id) throw notFound();
  return session.user;
};

/** The caller's right to request exports in the course, or a 404. */
export async function requireExportRight({ session, unsafeCourseId }: { session: Session; unsafeCourseId: string }): Promise<{ course: Course; right: ExportRight }> {
  const user = realUser(session);
  const course = await selectOptionalCourse({ unsafeCourseId });
  if (!course) throw notFound("No such course.");
  if (user.siteRoles.includes("admin")) return { course, right: "admin" };
  const role = await courseRoleFor(session, course.id);
  if (role && isStaffRole(role)) return { course, right: "staff" };
  if (await hasResearchGrant({ userId: user.id, courseId: course.id })) return { course, right: "researcher" };
  throw notFound("No such course.");
}

/** Whether a right covers an export kind for an audience (researchers: de-identified only). */
export function mayRequest(right: ExportRight, kind: ExportKind, audience: "staff" | "research"): boolean {
  if (!EXPORT_KINDS[kind].audiences.includes(audience)) return false;
  return right === "researcher" ? audience === "research" : true;
}

/**
 * Whether the caller may see (and download) a job: its requester; staff of its course for staff exports; admins.
 * Research exports stay with the researcher who asked (and admins).
 */
export async function requireJobAccess({ session, job }: { session: Session; job: ExportJob }): Promise<void> {
  const user = realUser(session);
  if (user.siteRoles.includes("admin") || job.requestedByUserId === user.id) return;
  if (job.audience === "staff") {
    const role = await courseRoleFor(session, job.courseId);
    if (role && isStaffRole(role)) return;
  }
  throw notFound("No such export.");
}
