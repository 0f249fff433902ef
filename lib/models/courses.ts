import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import { prepared, statementName } from "@/db/prepared";
import type { CourseAuthz } from "@/lib/auth/authz";
import type { CourseRole } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";

const { courses, enrollments } = schema;

export type Course = typeof courses.$inferSelect;

/** A live (not deleted) course by id; throws a 404 when missing. Callers authorize first (lib/auth/authz). */
export async function selectCourse({ unsafeCourseId }: { unsafeCourseId: string }): Promise<Course> {
  const course = await selectOptionalCourse({ unsafeCourseId });
  if (!course) throw notFound("No such course.");
  return course;
}

/** A live course by id, or null (also null for ids that are not UUIDs, so bad input is a plain 404). */
export async function selectOptionalCourse({ unsafeCourseId }: { unsafeCourseId: string }): Promise<Course | null> {
  if (!isUuid(unsafeCourseId)) return null;
  const [course] = await db()
    .select()
    .from(courses)
    .where(and(eq(courses.id, unsafeCourseId), isNull(courses.deletedAt)))
    .limit(1);
  return course ?? null;
}

/**
 * A live course by id with the user's active enrollment role in it (null when not enrolled), or null: what
 * authorizing a course request needs, in one statement.
 */
export async function selectOptionalCourseWithRole({
  unsafeCourseId,
  userId,
}: {
  unsafeCourseId: string;
  userId: string;
}): Promise<{ course: Course; role: CourseRole | null } | null> {
  if (!isUuid(unsafeCourseId)) return null;
  const [row] = await courseWithRole().execute({ courseId: unsafeCourseId, userId });
  return row ?? null;
}

const courseWithRole = prepared("course_with_role", (d) =>
  d
    .select({ course: courses, role: enrollments.role })
    .from(courses)
    .leftJoin(
      enrollments,
      and(eq(enrollments.courseId, courses.id), eq(enrollments.userId, sql.placeholder("userId")), eq(enrollments.status, "active")),
    )
    .where(and(eq(courses.id, sql.placeholder("courseId")), isNull(courses.deletedAt)))
    .limit(1)
    .prepare(statementName("course_with_role")),
);

/** The live courses a user is actively enrolled in, with their role in each. */
export async function selectCoursesForUser({
  userId,
}: {
  userId: string;
}): Promise<{ course: Course; role: CourseRole }[]> {
  return db()
    .select({ course: courses, role: enrollments.role })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .where(and(eq(enrollments.userId, userId), eq(enrollments.status, "active"), isNull(courses.deletedAt)))
    .orderBy(asc(courses.title));
}

/** Creates a course. */
export async function insertCourse({ values }: { values: Pick<typeof courses.$inferInsert, "title" | "code"> }) {
  const [course] = await db().insert(courses).values(values).returning();
  return course;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a syntactically valid UUID; untrusted ids are checked before they reach a uuid column. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Changes a course's settings: authoring (time zone, start, TA editing) and grading display (instructors only). */
export async function updateCourseSettings({
  authz,
  values,
}: {
  authz: CourseAuthz;
  values: Partial<Pick<typeof courses.$inferInsert, "timeZone" | "startsOn" | "taCanEdit" | "showGraderNames">>;
}): Promise<Course> {
  if (authz.role !== "instructor" || authz.viewingAs) throw notFound("No such course.");
  const [course] = await db().update(courses).set(values).where(eq(courses.id, authz.course.id)).returning();
  return course;
}
