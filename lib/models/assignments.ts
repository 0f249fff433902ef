import { and, asc, eq, isNotNull, isNull, like, or, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import { prepared, statementName } from "@/db/prepared";
import type { CourseAuthz, SystemAuthz } from "@/lib/auth/authz";
import { isStaffRole } from "@/lib/auth/roles";
import { slugify } from "@/lib/assignments/content-schema";
import { notFound } from "@/lib/errors";
import type { Executor } from "./code-states";
import { isUuid } from "./courses";
import { allowanceColumns, studentAllowance, type StudentAllowance } from "./extensions";
import type { Submission } from "./submissions";

const { assignments, assignmentGroups, submissions, assignmentExtensions, courseAccommodations } = schema;

export type Assignment = typeof assignments.$inferSelect;
export type AssignmentGroup = typeof assignmentGroups.$inferSelect;

/** Students see published assignments only (archived ones too, to read their work); staff see drafts too. */
function visibleTo(authz: CourseAuthz) {
  return isStaffRole(authz.role) ? undefined : isNotNull(assignments.publishedAt);
}

/** `visibleTo` for an assignment row already read (joined into another statement): live and visible to the caller. */
export function isVisibleTo(authz: CourseAuthz, assignment: Assignment): boolean {
  return assignment.courseId === authz.course.id && assignment.deletedAt === null && (isStaffRole(authz.role) || assignment.publishedAt !== null);
}

/**
 * The course's live assignments visible to the caller, in course order. Archived assignments are left out of
 * lists unless `includeArchived` (staff pages that manage them).
 */
export async function selectAssignments({ authz, includeArchived = false }: { authz: CourseAuthz; includeArchived?: boolean }): Promise<Assignment[]> {
  return db()
    .select()
    .from(assignments)
    .where(
      and(
        eq(assignments.courseId, authz.course.id),
        isNull(assignments.deletedAt),
        visibleTo(authz),
        includeArchived && isStaffRole(authz.role) ? undefined : isNull(assignments.archivedAt),
      ),
    )
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

/**
 * An assignment as `selectAssignment` finds it, with the caller's (effective user's) own work on it outside any LMS
 * placement (as `selectOptionalOwnSubmission` finds it, or null): the assignment page's first two reads in one.
 */
export async function selectAssignmentWithOwnSubmission({
  authz,
  unsafeAssignmentId,
}: {
  authz: CourseAuthz;
  unsafeAssignmentId: string;
}): Promise<{ assignment: Assignment; submission: Submission | null; allowance: StudentAllowance }> {
  if (!isUuid(unsafeAssignmentId)) throw notFound("No such assignment.");
  const query = isStaffRole(authz.role) ? assignmentWithWorkForStaff : assignmentWithWorkForStudents;
  const userId = authz.session.effectiveUser.id;
  const [row] = await query().execute({ assignmentId: unsafeAssignmentId, courseId: authz.course.id, userId });
  if (!row) throw notFound("No such assignment.");
  const { assignment, submission, allowance } = row;
  // Before the first save there is no submission row; an extension granted to the student still applies.
  const work = submission ?? { userId, lmsDueAt: null, lmsLockAt: null };
  return { assignment, submission, allowance: studentAllowance({ assignment, submission: work, row: allowance, timeZone: authz.course.timeZone }) };
}

// Prepared (the assignment page opens every launch), one per visibility rule of visibleTo(). The caller's extension
// and accommodation are joined in, so the page reads its dates in the same round trip (selectStudentAllowance's rules).
const assignmentWithWork = (name: string, published: boolean) =>
  prepared(name, (d) =>
    d
      .select({
        assignment: assignments,
        submission: submissions,
        allowance: allowanceColumns,
      })
      .from(assignments)
      .leftJoin(
        submissions,
        and(eq(submissions.assignmentId, assignments.id), eq(submissions.userId, sql.placeholder("userId")), isNull(submissions.resourceLinkRowId)),
      )
      .leftJoin(
        assignmentExtensions,
        and(eq(assignmentExtensions.assignmentId, assignments.id), eq(assignmentExtensions.userId, sql.placeholder("userId")), isNull(assignmentExtensions.deletedAt)),
      )
      .leftJoin(
        courseAccommodations,
        and(eq(courseAccommodations.courseId, assignments.courseId), eq(courseAccommodations.userId, sql.placeholder("userId")), isNull(courseAccommodations.deletedAt)),
      )
      .where(
        and(
          eq(assignments.id, sql.placeholder("assignmentId")),
          eq(assignments.courseId, sql.placeholder("courseId")),
          isNull(assignments.deletedAt),
          published ? isNotNull(assignments.publishedAt) : undefined,
        ),
      )
      .limit(1)
      .prepare(statementName(name)),
  );
const assignmentWithWorkForStudents = assignmentWithWork("assignment_with_work_published", true);
const assignmentWithWorkForStaff = assignmentWithWork("assignment_with_work", false);

/** The course's live assignment groups, in order. */
export async function selectAssignmentGroups({ authz }: { authz: CourseAuthz }): Promise<AssignmentGroup[]> {
  return db()
    .select()
    .from(assignmentGroups)
    .where(and(eq(assignmentGroups.courseId, authz.course.id), isNull(assignmentGroups.deletedAt)))
    .orderBy(asc(assignmentGroups.position), asc(assignmentGroups.createdAt));
}

type NewAssignment = Omit<typeof assignments.$inferInsert, "id" | "courseId" | "createdAt" | "updatedAt" | "slug"> & { slug?: string };

/**
 * Creates an assignment in a course. Staff callers pass their course authz; seeds and jobs pass systemAuthz. Without
 * a slug, one is made from the title (unique in the course).
 */
export async function insertAssignment({
  authz,
  courseId,
  values,
  tx = db(),
}: {
  authz: CourseAuthz | SystemAuthz;
  courseId: string;
  values: NewAssignment;
  tx?: Executor;
}): Promise<Assignment> {
  if (authz.kind === "course" && (authz.course.id !== courseId || !isStaffRole(authz.role))) throw notFound();
  const slug = values.slug ?? (await freeSlug(tx, courseId, slugify(values.title)));
  const [row] = await tx
    .insert(assignments)
    .values({ ...values, slug, courseId })
    .returning();
  return row;
}

/** `base`, or `base-2`, `base-3`, … : the first slug no live assignment of the course uses. */
export async function freeSlug(tx: Executor, courseId: string, base: string): Promise<string> {
  const taken = new Set(
    (
      await tx
        .select({ slug: assignments.slug })
        .from(assignments)
        .where(and(eq(assignments.courseId, courseId), isNull(assignments.deletedAt), or(eq(assignments.slug, base), like(assignments.slug, `${base}-%`))))
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
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
