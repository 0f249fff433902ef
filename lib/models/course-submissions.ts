import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseAuthz } from "@/lib/auth/authz";
import { isStaffRole } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import type { Assignment } from "./assignments";
import { isUuid } from "./courses";
import type { Submission } from "./submissions";

const { submissions, users } = schema;

/** A submission with its student's name, for staff lists and the API. */
export type CourseSubmission = Submission & { studentName: string | null };

/**
 * Submissions to one assignment of the authorized course, by id, one keyset page at a time: every student's for
 * staff, only their own for a student (the same rule as the pages).
 */
export async function selectAssignmentSubmissions({
  authz,
  assignment,
  afterId,
  limit,
}: {
  authz: CourseAuthz;
  assignment: Assignment;
  afterId?: string | null;
  limit: number;
}): Promise<CourseSubmission[]> {
  if (assignment.courseId !== authz.course.id) throw notFound("No such assignment.");
  const rows = await db()
    .select({ submission: submissions, studentName: users.name })
    .from(submissions)
    .innerJoin(users, eq(users.id, submissions.userId))
    .where(
      and(
        eq(submissions.courseId, authz.course.id),
        eq(submissions.assignmentId, assignment.id),
        isStaffRole(authz.role) ? undefined : eq(submissions.userId, authz.session.effectiveUser.id),
        afterId ? gt(submissions.id, afterId) : undefined,
      ),
    )
    .orderBy(asc(submissions.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.submission, studentName: r.studentName }));
}

/** One submission in the authorized course: any for staff, only one's own for a student; otherwise a 404. */
export async function selectCourseSubmission({
  authz,
  unsafeSubmissionId,
}: {
  authz: CourseAuthz;
  unsafeSubmissionId: string;
}): Promise<CourseSubmission> {
  if (!isUuid(unsafeSubmissionId)) throw notFound("No such submission.");
  const [row] = await db()
    .select({ submission: submissions, studentName: users.name })
    .from(submissions)
    .innerJoin(users, eq(users.id, submissions.userId))
    .where(
      and(
        eq(submissions.id, unsafeSubmissionId),
        eq(submissions.courseId, authz.course.id),
        isStaffRole(authz.role) ? undefined : eq(submissions.userId, authz.session.effectiveUser.id),
      ),
    )
    .limit(1);
  if (!row) throw notFound("No such submission.");
  return { ...row.submission, studentName: row.studentName };
}

/** Courses a user is actively enrolled in (what /courses lists), by id, one keyset page at a time. */
export async function selectCoursesPageForUser({ userId, afterId, limit }: { userId: string; afterId?: string | null; limit: number }) {
  const { courses, enrollments } = schema;
  return db()
    .select({ course: courses, role: enrollments.role })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .where(
      and(
        eq(enrollments.userId, userId),
        eq(enrollments.status, "active"),
        isNull(courses.deletedAt),
        afterId ? gt(courses.id, afterId) : undefined,
      ),
    )
    .orderBy(asc(courses.id))
    .limit(limit);
}
