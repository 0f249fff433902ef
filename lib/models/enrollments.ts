import { and, eq } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseRole } from "@/lib/auth/roles";

const { enrollments } = schema;

export type Enrollment = typeof enrollments.$inferSelect;

/** The user's active enrollment in the course, or null. */
export async function selectOptionalEnrollment({
  courseId,
  userId,
}: {
  courseId: string;
  userId: string;
}): Promise<Enrollment | null> {
  const [row] = await db()
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.courseId, courseId), eq(enrollments.userId, userId), eq(enrollments.status, "active")))
    .limit(1);
  return row ?? null;
}

/**
 * Creates or updates (and reactivates) the enrollment of a user in a course. A launch passes `launchedAt` (and the
 * sections it named); a pending enrollment made by a roster sync becomes a launched one in the same row.
 */
export async function ensureEnrollment({
  courseId,
  userId,
  role,
  source,
  launchedAt,
  sections,
}: {
  courseId: string;
  userId: string;
  role: CourseRole;
  source: Enrollment["source"];
  launchedAt?: Date;
  sections?: string[];
}): Promise<Enrollment> {
  const launch = { ...(launchedAt && { lastLaunchAt: launchedAt }), ...(sections && { sections }) };
  const [row] = await db()
    .insert(enrollments)
    .values({ courseId, userId, role, source, ...launch })
    .onConflictDoUpdate({
      target: [enrollments.courseId, enrollments.userId],
      set: { role, status: "active", ...launch },
    })
    .returning();
  return row;
}
