import { and, asc, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseAuthz } from "@/lib/auth/authz";
import { isStaffRole } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import type { Assignment } from "./assignments";
import type { Submission } from "./submissions";

const { assignments, exchangeAssignments, exchangeUsers, enrollments, users, submissions } = schema;

function requireStaff(authz: CourseAuthz) {
  if (!isStaffRole(authz.role) || authz.viewingAs) throw notFound();
}

/**
 * The course's notebook assignments by the names nbgrader knows them by: every exchange code ever released for one
 * (purged ones too: a grades CSV may come after a purge) and each assignment's own slug.
 */
export async function selectNotebookAssignmentsByCode({ authz }: { authz: CourseAuthz }): Promise<Map<string, Assignment>> {
  requireStaff(authz);
  const live = and(eq(assignments.courseId, authz.course.id), eq(assignments.kind, "notebook"), isNull(assignments.deletedAt));
  const own = await db().select().from(assignments).where(live).orderBy(asc(assignments.createdAt));
  const released = await db()
    .select({ code: exchangeAssignments.code, assignment: assignments })
    .from(exchangeAssignments)
    .innerJoin(assignments, eq(assignments.id, exchangeAssignments.assignmentId))
    .where(and(live, eq(exchangeAssignments.courseId, authz.course.id)))
    .orderBy(asc(exchangeAssignments.createdAt));
  const byCode = new Map<string, Assignment>();
  for (const a of own) byCode.set(a.slug, a);
  // An exchange code wins over a slug that happens to equal it: the code is what nbgrader really released.
  for (const r of released) byCode.set(r.code, r.assignment);
  return byCode;
}

export type GradeableStudent = { userId: string; name: string | null; email: string | null; username: string | null };

/** The course's students (any enrollment status: a dropped student's grade may still be due) with their nbgrader id. */
export async function selectGradeableStudents({ authz }: { authz: CourseAuthz }): Promise<GradeableStudent[]> {
  requireStaff(authz);
  return db()
    .select({ userId: users.id, name: users.name, email: users.email, username: exchangeUsers.username })
    .from(enrollments)
    .innerJoin(users, eq(users.id, enrollments.userId))
    .leftJoin(exchangeUsers, eq(exchangeUsers.userId, users.id))
    .where(and(eq(enrollments.courseId, authz.course.id), eq(enrollments.role, "student")))
    .orderBy(asc(users.name));
}

/**
 * The submission row a staff grade for this student goes on: the one from their LMS launch when there is one (so
 * the grade goes to that placement's gradebook column), else the one not tied to a launch, created if missing (its
 * grade goes to the assignment's latest LMS link, lib/models/passback-targets). Notebook work lives in Jupyter, so
 * the row holds only the grade.
 */
export async function ensureNotebookSubmission({
  authz,
  assignment,
  studentUserId,
}: {
  authz: CourseAuthz;
  assignment: Assignment;
  studentUserId: string;
}): Promise<Submission> {
  requireStaff(authz);
  if (assignment.courseId !== authz.course.id || assignment.kind !== "notebook") throw notFound("No such assignment.");
  const [member] = await db()
    .select({ id: enrollments.id })
    .from(enrollments)
    .where(and(eq(enrollments.courseId, authz.course.id), eq(enrollments.userId, studentUserId), eq(enrollments.role, "student")));
  if (!member) throw notFound("No such student.");
  const [launched] = await db()
    .select()
    .from(submissions)
    .where(and(eq(submissions.assignmentId, assignment.id), eq(submissions.userId, studentUserId), isNotNull(submissions.resourceLinkRowId)))
    .orderBy(desc(submissions.updatedAt))
    .limit(1);
  if (launched) return launched;
  await db()
    .insert(submissions)
    .values({ courseId: authz.course.id, assignmentId: assignment.id, userId: studentUserId, resourceLinkRowId: null })
    .onConflictDoNothing();
  const [row] = await db()
    .select()
    .from(submissions)
    .where(and(eq(submissions.assignmentId, assignment.id), eq(submissions.userId, studentUserId), isNull(submissions.resourceLinkRowId)));
  return row;
}

/** Current scores on a notebook assignment, by student (the row ensureNotebookSubmission would grade). */
export async function selectNotebookScores({ authz, assignment }: { authz: CourseAuthz; assignment: Assignment }): Promise<Map<string, number | null>> {
  requireStaff(authz);
  const rows = await db()
    .select({ userId: submissions.userId, score: submissions.score, linked: submissions.resourceLinkRowId })
    .from(submissions)
    .where(and(eq(submissions.assignmentId, assignment.id), eq(submissions.courseId, authz.course.id)))
    .orderBy(asc(submissions.updatedAt));
  const out = new Map<string, number | null>();
  // Launched rows last so they win, as in ensureNotebookSubmission.
  for (const r of [...rows.filter((r) => !r.linked), ...rows.filter((r) => r.linked)]) out.set(r.userId, r.score);
  return out;
}
