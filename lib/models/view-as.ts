import { and, eq } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseAuthz } from "@/lib/auth/authz";
import type { Session } from "@/lib/auth/session";
import { badRequest } from "@/lib/errors";
import { updateSessionEffectiveUser } from "./sessions";
import { assertStaff, selectCourseMember, type CourseMember } from "./staff-work";

const { enrollments, users } = schema;

/** The name Lantern gives the course's own test student (for staff who want to see the course with no real work). */
export const TEST_STUDENT_NAME = "Test Student (Lantern)";

/**
 * The course's test student: the LMS's preview user when one launched, else a Lantern test user enrolled as a
 * student (made once per course). Test students are flagged so exports and the dashboard can leave them out.
 */
export async function ensureCourseTestStudent({ authz }: { authz: CourseAuthz }): Promise<CourseMember> {
  assertStaff(authz);
  const [existing] = await db()
    .select({ userId: users.id })
    .from(enrollments)
    .innerJoin(users, eq(users.id, enrollments.userId))
    .where(and(eq(enrollments.courseId, authz.course.id), eq(enrollments.role, "student"), eq(users.isTestUser, true)))
    .limit(1);
  if (existing) return selectCourseMember({ authz, unsafeUserId: existing.userId });
  const userId = await db().transaction(async (tx) => {
    const [user] = await tx.insert(users).values({ name: TEST_STUDENT_NAME, email: null, isTestUser: true }).returning({ id: users.id });
    await tx.insert(enrollments).values({ courseId: authz.course.id, userId: user.id, role: "student", source: "manual" });
    return user.id;
  });
  return selectCourseMember({ authz, unsafeUserId: userId });
}

/**
 * Starts viewing the course as one of its students (or mentors): the session's effective user becomes them, so
 * every page shows what they see, and every write is refused while it lasts (lib/auth: `viewingAs`).
 */
export async function startViewingAs({ authz, member }: { authz: CourseAuthz; member: CourseMember }): Promise<void> {
  assertStaff(authz);
  if (member.role !== "student" && member.role !== "mentor") throw badRequest("You can view the course as a student or mentor only.");
  if (member.userId === authz.session.user.id) throw badRequest("That is you.");
  await updateSessionEffectiveUser({ sessionId: authz.session.id, effectiveUserId: member.userId });
}

/** Ends view-as: the session is its real user's again. */
export async function stopViewingAs({ session }: { session: Session }): Promise<void> {
  await updateSessionEffectiveUser({ sessionId: session.id, effectiveUserId: null });
}
