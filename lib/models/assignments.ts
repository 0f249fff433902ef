import { and, asc, eq, isNotNull, isNull } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseAuthz, SystemAuthz } from "@/lib/auth/authz";
import { isStaffRole } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import { isUuid } from "./courses";

const { assignments, assignmentGroups } = schema;

export type Assignment = typeof assignments.$inferSelect;
export type AssignmentGroup = typeof assignmentGroups.$inferSelect;

/** Students see published assignments only; staff see drafts too. */
function visibleTo(authz: CourseAuthz) {
  return isStaffRole(authz.role) ? undefined : isNotNull(assignments.publishedAt);
}

/** The course's live assignments visible to the caller, in course order. */
export async function selectAssignments({ authz }: { authz: CourseAuthz }): Promise<Assignment[]> {
  return db()
    .select()
    .from(assignments)
    .where(and(eq(assignments.courseId, authz.course.id), isNull(assignments.deletedAt), visibleTo(authz)))
    .orderBy(asc(assignments.position), asc(assignments.createdAt));
}

/** One assignment of the caller's course; 404 when missing, deleted, in another course, or hidden from them. */
export async function selectAssignment({
  authz,
  unsafeAssignmentId,
}: {
  authz: CourseAuthz;
  unsafeAssignmentId: string;
}): Promise<Assignment> {
  if (!isUuid(unsafeAssignmentId)) throw notFound("No such assignment.");
  const [row] = await db()
    .select()
    .from(assignments)
    .where(
      and(
        eq(assignments.id, unsafeAssignmentId),
        eq(assignments.courseId, authz.course.id),
        isNull(assignments.deletedAt),
        visibleTo(authz),
      ),
    )
    .limit(1);
  if (!row) throw notFound("No such assignment.");
  return row;
}

/** The course's live assignment groups, in order. */
export async function selectAssignmentGroups({ authz }: { authz: CourseAuthz }): Promise<AssignmentGroup[]> {
  return db()
    .select()
    .from(assignmentGroups)
    .where(and(eq(assignmentGroups.courseId, authz.course.id), isNull(assignmentGroups.deletedAt)))
    .orderBy(asc(assignmentGroups.position), asc(assignmentGroups.createdAt));
}

type NewAssignment = Omit<typeof assignments.$inferInsert, "id" | "courseId" | "createdAt" | "updatedAt">;

/** Creates an assignment in a course. Staff callers pass their course authz; seeds and jobs pass systemAuthz. */
export async function insertAssignment({
  authz,
  courseId,
  values,
}: {
  authz: CourseAuthz | SystemAuthz;
  courseId: string;
  values: NewAssignment;
}): Promise<Assignment> {
  if (authz.kind === "course" && (authz.course.id !== courseId || !isStaffRole(authz.role))) throw notFound();
  const [row] = await db()
    .insert(assignments)
    .values({ ...values, courseId })
    .returning();
  return row;
}

/** Creates an assignment group in a course (same authority rules as insertAssignment). */
export async function insertAssignmentGroup({
  authz,
  courseId,
  title,
  position = 0,
}: {
  authz: CourseAuthz | SystemAuthz;
  courseId: string;
  title: string;
  position?: number;
}): Promise<AssignmentGroup> {
  if (authz.kind === "course" && (authz.course.id !== courseId || !isStaffRole(authz.role))) throw notFound();
  const [row] = await db().insert(assignmentGroups).values({ courseId, title, position }).returning();
  return row;
}
