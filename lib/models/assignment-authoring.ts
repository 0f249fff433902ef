import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import { requirePythonAssignment } from "@/lib/assignments/kind";
import type { CourseAuthz } from "@/lib/auth/authz";
import type { AssignmentContent, AssignmentStatus } from "@/lib/assignments/content-schema";
import { conflict, notFound } from "@/lib/errors";
import { freeSlug, insertAssignment, type Assignment } from "./assignments";
import type { Executor } from "./code-states";
import { isUuid } from "./courses";

const { assignments, assignmentGroups } = schema;

/** Instructors and designers edit assignments; TAs only when the course allows it. Nobody edits while viewing as. */
export function canEditAssignments(authz: CourseAuthz): boolean {
  if (authz.viewingAs) return false;
  return authz.role === "instructor" || authz.role === "designer" || (authz.role === "ta" && authz.course.taCanEdit);
}

function requireEditor(authz: CourseAuthz): void {
  // Read-only staff get a 404 for writes, like anyone else without the right (house style, rule 11).
  if (!canEditAssignments(authz)) throw notFound("No such assignment.");
}

/** Draft / published / archived from the row's timestamps. */
export function assignmentStatus(a: Pick<Assignment, "publishedAt" | "archivedAt">): AssignmentStatus {
  return a.archivedAt ? "archived" : a.publishedAt ? "published" : "draft";
}

/** The authored content of an assignment row (what the editor edits and content files hold). */
export function toAssignmentContent(a: Assignment): AssignmentContent {
  return {
    kind: a.kind,
    slug: a.slug,
    title: a.title,
    points: a.points,
    status: assignmentStatus(a),
    gradedBy: a.gradedBy,
    instructions: a.instructions,
    starterFiles: a.starterFiles,
    readOnlyFiles: a.readOnlyFiles,
    referenceFiles: a.referenceFiles,
    functionTests: a.functionTests,
    ioCases: a.ioCases,
    opensAt: a.opensAt,
    dueAt: a.dueAt,
    lockAt: a.lockAt,
    latePolicy: a.latePolicy,
    attemptLimit: a.attemptLimit,
    scoreCounting: a.scoreCounting,
    gradingTimeLimitMs: a.gradingTimeLimitMs,
  };
}

/** Column values for authored content; keeps the first publication time when an assignment stays published. */
export function contentColumns(content: AssignmentContent, current?: Pick<Assignment, "publishedAt" | "archivedAt">) {
  const { status, ...rest } = content;
  const now = new Date();
  return {
    ...rest,
    publishedAt: status === "draft" ? null : (current?.publishedAt ?? now),
    archivedAt: status === "archived" ? (current?.archivedAt ?? now) : null,
  };
}

/** One assignment for staff pages, including a deleted one when `includeDeleted` (the undo banner). 404 otherwise. */
export async function selectStaffAssignment({
  authz,
  unsafeAssignmentId,
  includeDeleted = false,
}: {
  authz: CourseAuthz;
  unsafeAssignmentId: string;
  includeDeleted?: boolean;
}): Promise<Assignment> {
  if (!isUuid(unsafeAssignmentId) || authz.role === "student" || authz.role === "mentor") throw notFound("No such assignment.");
  const [row] = await db()
    .select()
    .from(assignments)
    .where(
      and(
        eq(assignments.id, unsafeAssignmentId),
        eq(assignments.courseId, authz.course.id),
        includeDeleted ? undefined : isNull(assignments.deletedAt),
      ),
    );
  if (!row) throw notFound("No such assignment.");
  return row;
}

/** The slug is taken by another live assignment of the course. */
async function slugTaken(tx: Executor, courseId: string, slug: string, exceptId?: string): Promise<boolean> {
  const rows = await tx
    .select({ id: assignments.id })
    .from(assignments)
    .where(and(eq(assignments.courseId, courseId), eq(assignments.slug, slug), isNull(assignments.deletedAt)));
  return rows.some((r) => r.id !== exceptId);
}

export class SlugTakenError extends Error {}

/** Creates an assignment from authored content (the editor's "new assignment"), at the end of the course. */
export async function insertAuthoredAssignment({
  authz,
  content,
  groupId,
}: {
  authz: CourseAuthz;
  content: AssignmentContent;
  groupId: string | null;
}): Promise<Assignment> {
  requireEditor(authz);
  return db().transaction(async (tx) => {
    if (await slugTaken(tx, authz.course.id, content.slug)) throw new SlugTakenError(content.slug);
    await requireGroup(tx, authz, groupId);
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${assignments.position}), -1) + 1` })
      .from(assignments)
      .where(eq(assignments.courseId, authz.course.id));
    return insertAssignment({ authz, courseId: authz.course.id, values: { ...contentColumns(content), groupId, position: Number(next) }, tx });
  });
}

/**
 * Creates a notebook assignment: its work happens in Jupyter through the nbgrader exchange, so it has no files or
 * tests and is graded by staff (scores come from nbgrader's grades CSV). `slug` is the nbgrader assignment name:
 * releasing that name through the exchange attaches the release to this assignment (lib/models/exchange-assignments).
 * Published at once, like an assignment made from the LMS: the LMS link decides when students see it.
 */
export async function insertNotebookAssignment({
  authz,
  title,
  slug,
  points,
  dueAt,
}: {
  authz: CourseAuthz;
  title: string;
  slug: string;
  points: number;
  dueAt: Date | null;
}): Promise<Assignment> {
  requireEditor(authz);
  return db().transaction(async (tx) => {
    if (await slugTaken(tx, authz.course.id, slug)) throw new SlugTakenError(slug);
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${assignments.position}), -1) + 1` })
      .from(assignments)
      .where(eq(assignments.courseId, authz.course.id));
    return insertAssignment({
      authz,
      courseId: authz.course.id,
      values: { title, slug, points, dueAt, kind: "notebook", gradedBy: "staff", publishedAt: new Date(), position: Number(next) },
      tx,
    });
  });
}

/**
 * Saves a notebook assignment's Lantern settings: title, points and due date (the one students see, and the one a
 * submission's nbgrader timestamp is compared with for "late"). Its nbgrader name stays: releases attach by it.
 */
export async function updateNotebookAssignment({
  authz,
  assignment,
  title,
  points,
  dueAt,
}: {
  authz: CourseAuthz;
  assignment: Assignment;
  title: string;
  points: number;
  dueAt: Date | null;
}): Promise<Assignment> {
  requireEditor(authz);
  if (assignment.courseId !== authz.course.id || assignment.kind !== "notebook") throw notFound("No such assignment.");
  const [row] = await db()
    .update(assignments)
    .set({ title, points, dueAt, revision: sql`${assignments.revision} + 1` })
    .where(and(eq(assignments.id, assignment.id), eq(assignments.courseId, authz.course.id), isNull(assignments.deletedAt)))
    .returning();
  if (!row) throw notFound("No such assignment.");
  return row;
}

async function requireGroup(tx: Executor, authz: CourseAuthz, groupId: string | null): Promise<void> {
  if (groupId === null) return;
  const [group] = await tx
    .select({ id: assignmentGroups.id })
    .from(assignmentGroups)
    .where(and(eq(assignmentGroups.id, groupId), eq(assignmentGroups.courseId, authz.course.id), isNull(assignmentGroups.deletedAt)));
  if (!group) throw notFound("No such assignment group.");
}

/**
 * Saves authored content over an assignment, only if nobody saved it since `revision` (optimistic concurrency: the
 * second of two staff saving at once gets a 409 and loses nothing of the first one's work).
 */
export async function updateAssignmentContent({
  authz,
  assignment,
  revision,
  content,
  groupId,
}: {
  authz: CourseAuthz;
  assignment: Assignment;
  revision: number;
  content: AssignmentContent;
  groupId: string | null;
}): Promise<Assignment> {
  requireEditor(authz);
  if (assignment.courseId !== authz.course.id) throw notFound("No such assignment.");
  // The editor's content is Python's; a notebook assignment's settings are saved by updateNotebookAssignment.
  requirePythonAssignment(assignment);
  if (content.kind !== "python") throw notFound("No such assignment.");
  return db().transaction(async (tx) => {
    if (await slugTaken(tx, authz.course.id, content.slug, assignment.id)) throw new SlugTakenError(content.slug);
    await requireGroup(tx, authz, groupId);
    const [row] = await tx
      .update(assignments)
      .set({ ...contentColumns(content, assignment), groupId, revision: sql`${assignments.revision} + 1` })
      .where(and(eq(assignments.id, assignment.id), eq(assignments.revision, revision), isNull(assignments.deletedAt)))
      .returning();
    if (!row) {
      throw conflict("Someone else saved this assignment after you opened it. Your changes were not saved: reload to see theirs, then make your changes again.");
    }
    return row;
  });
}

/** Soft-deletes an assignment (students' work stays); `restoreAssignment` undoes it. */
export async function deleteAssignment({ authz, assignment }: { authz: CourseAuthz; assignment: Assignment }): Promise<void> {
  requireEditor(authz);
  await db()
    .update(assignments)
    .set({ deletedAt: new Date(), revision: sql`${assignments.revision} + 1` })
    .where(and(eq(assignments.id, assignment.id), eq(assignments.courseId, authz.course.id), isNull(assignments.deletedAt)));
}

/** Undoes a delete. If another assignment took its slug meanwhile, it gets a fresh one. */
export async function restoreAssignment({ authz, assignment }: { authz: CourseAuthz; assignment: Assignment }): Promise<Assignment> {
  requireEditor(authz);
  return db().transaction(async (tx) => {
    const slug = (await slugTaken(tx, authz.course.id, assignment.slug, assignment.id)) ? await freeSlug(tx, authz.course.id, assignment.slug) : assignment.slug;
    const [row] = await tx
      .update(assignments)
      .set({ deletedAt: null, slug, revision: sql`${assignments.revision} + 1` })
      .where(and(eq(assignments.id, assignment.id), eq(assignments.courseId, authz.course.id), isNotNull(assignments.deletedAt)))
      .returning();
    if (!row) throw notFound("No such deleted assignment.");
    return row;
  });
}

/**
 * Copies assignments into the caller's course as drafts ("Duplicate", or "Copy from another course" where `from`
 * is the caller's authz in the source course). Titles get "(copy)" only when duplicating inside one course.
 */
export async function copyAssignments({
  authz,
  from,
  sources,
}: {
  authz: CourseAuthz;
  from: CourseAuthz;
  sources: Assignment[];
}): Promise<Assignment[]> {
  requireEditor(authz);
  if (sources.some((s) => s.courseId !== from.course.id) || from.role === "student" || from.role === "mentor") throw notFound("No such assignment.");
  const sameCourse = from.course.id === authz.course.id;
  return db().transaction(async (tx) => {
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${assignments.position}), -1) + 1` })
      .from(assignments)
      .where(eq(assignments.courseId, authz.course.id));
    const copies: Assignment[] = [];
    for (const [i, source] of sources.entries()) {
      const content = toAssignmentContent(source);
      const title = sameCourse ? `${source.title} (copy)`.slice(0, 200) : source.title;
      const slug = await freeSlug(tx, authz.course.id, sameCourse ? `${source.slug}-copy`.slice(0, 60) : source.slug);
      copies.push(
        await insertAssignment({
          authz,
          courseId: authz.course.id,
          values: { ...contentColumns({ ...content, title, slug, status: "draft" }), groupId: sameCourse ? source.groupId : null, position: Number(next) + i },
          tx,
        }),
      );
    }
    return copies;
  });
}

/** The course's live assignments for staff (all statuses), in course order, optionally only these ids. */
export async function selectAssignmentsForCopy({ authz }: { authz: CourseAuthz }): Promise<Assignment[]> {
  if (authz.role === "student" || authz.role === "mentor") throw notFound("No such course.");
  return db()
    .select()
    .from(assignments)
    .where(and(eq(assignments.courseId, authz.course.id), isNull(assignments.deletedAt)))
    .orderBy(asc(assignments.position), asc(assignments.createdAt));
}
