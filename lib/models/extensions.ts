import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import { prepared, statementName } from "@/db/prepared";
import type { CourseAuthz } from "@/lib/auth/authz";
import { isStaffRole } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import { effectiveDates, type Dates } from "@/lib/grading/policy";
import { addDays, utcToZonedLocal, zonedLocalToUtc } from "@/lib/time-zone";
import type { Assignment } from "./assignments";
import { isUuid } from "./courses";
import type { CourseMember } from "./staff-work";

const { assignmentExtensions, courseAccommodations, assignments, users, courses } = schema;

/** What staff granted one student beyond an assignment's rules. */
export type Grant = { dueAt: Date | null; lockAt: Date | null; extraDays: number; extraAttempts: number; reason: string | null };

/** The rules that apply to one student on one assignment, and what of it comes from an extension or accommodation. */
export type StudentAllowance = {
  dates: Dates;
  /** Null: unlimited. */
  attemptLimit: number | null;
  /** Whether an extension or accommodation changed anything for this student. */
  extended: boolean;
};

/** A date moved by whole calendar days in the course's zone (a 23:59 deadline stays 23:59 across a DST change). */
function shiftDays(date: Date | null, days: number, timeZone: string): Date | null {
  if (!date || days === 0) return date;
  const local = utcToZonedLocal(date, timeZone);
  return zonedLocalToUtc(`${addDays(local.slice(0, 10), days)}${local.slice(10)}`, timeZone) ?? new Date(date.getTime() + days * 86_400_000);
}

/**
 * The dates and attempt limit for one student: the assignment's, overridden by the LMS launch's, then a
 * per-assignment extension's new dates win outright; otherwise its extra days plus the course-wide accommodation's
 * move the dates that apply. Extra attempts (both kinds) add to a limited assignment's limit.
 */
export async function selectStudentAllowance({
  assignment,
  submission,
}: {
  assignment: Assignment;
  submission: { userId: string; lmsDueAt: Date | null; lmsLockAt: Date | null } | null;
}): Promise<StudentAllowance> {
  if (!submission) return studentAllowance({ assignment, submission, row: null, timeZone: "UTC" });
  const [row] = await allowanceRow().execute({ assignmentId: assignment.id, userId: submission.userId, courseId: assignment.courseId });
  return studentAllowance({ assignment, submission, row: row ?? null, timeZone: row?.timeZone ?? "UTC" });
}

/** The extension and accommodation columns an allowance is computed from (null when neither exists). */
export type AllowanceRow = {
  extDueAt: Date | null;
  extLockAt: Date | null;
  extDays: number | null;
  extAttempts: number | null;
  accDays: number | null;
  accAttempts: number | null;
};

/**
 * selectStudentAllowance's rules on a row already read, e.g. joined into the statement that found the assignment
 * (selectAssignmentWithOwnSubmission: the editor page opens every launch). `timeZone` is the course's.
 */
export function studentAllowance({
  assignment,
  submission,
  row,
  timeZone,
}: {
  assignment: Assignment;
  submission: { lmsDueAt: Date | null; lmsLockAt: Date | null } | null;
  row: AllowanceRow | null;
  timeZone: string;
}): StudentAllowance {
  const lms = submission ? { dueAt: submission.lmsDueAt ?? undefined, lockAt: submission.lmsLockAt ?? undefined } : null;
  const base = effectiveDates(assignment, lms, null);
  if (!submission || !row) return { dates: base, attemptLimit: assignment.attemptLimit, extended: false };
  const days = (row.extDays ?? 0) + (row.accDays ?? 0);
  const dates: Dates = {
    dueAt: row.extDueAt ?? shiftDays(base.dueAt, days, timeZone),
    lockAt: row.extLockAt ?? shiftDays(base.lockAt, days, timeZone),
  };
  const extraAttempts = (row.extAttempts ?? 0) + (row.accAttempts ?? 0);
  const attemptLimit = assignment.attemptLimit === null ? null : assignment.attemptLimit + extraAttempts;
  const extended = row.extDueAt !== null || row.extLockAt !== null || days !== 0 || (assignment.attemptLimit !== null && extraAttempts !== 0);
  return { dates, attemptLimit, extended };
}

/** The columns of a student's extension and accommodation that studentAllowance() reads (left-joined: may be null). */
export const allowanceColumns = {
  extDueAt: assignmentExtensions.dueAt,
  extLockAt: assignmentExtensions.lockAt,
  extDays: assignmentExtensions.extraDays,
  extAttempts: assignmentExtensions.extraAttempts,
  accDays: courseAccommodations.extraDays,
  accAttempts: courseAccommodations.extraAttempts,
};

// Prepared: every editor page and every save asks for it.
const allowanceRow = prepared("student_allowance", (d) =>
  d
    .select({ timeZone: courses.timeZone, ...allowanceColumns })
    .from(courses)
    .leftJoin(
      assignmentExtensions,
      and(
        eq(assignmentExtensions.assignmentId, sql.placeholder("assignmentId")),
        eq(assignmentExtensions.userId, sql.placeholder("userId")),
        isNull(assignmentExtensions.deletedAt),
      ),
    )
    .leftJoin(
      courseAccommodations,
      and(eq(courseAccommodations.courseId, courses.id), eq(courseAccommodations.userId, sql.placeholder("userId")), isNull(courseAccommodations.deletedAt)),
    )
    .where(eq(courses.id, sql.placeholder("courseId")))
    .prepare(statementName("student_allowance")),
);

function staffOnly(authz: CourseAuthz) {
  if (!isStaffRole(authz.role) || authz.viewingAs || !["instructor", "ta"].includes(authz.role)) throw notFound();
}

export type ExtensionEntry = Grant & {
  id: string;
  /** Null: a course-wide accommodation (every assignment). */
  assignmentId: string | null;
  assignmentTitle: string | null;
  userId: string;
  name: string | null;
  email: string | null;
  grantedByName: string | null;
  updatedAt: Date;
};

const grantedBy = sql<string | null>`(select gu.name from users gu where gu.id = granted_by_user_id)`;

/** Every live extension and accommodation of the course (staff: instructors and TAs), by student then assignment. */
export async function selectCourseExtensions({ authz, userId }: { authz: CourseAuthz; userId?: string }): Promise<ExtensionEntry[]> {
  if (!isStaffRole(authz.role)) throw notFound();
  const perAssignment = await db()
    .select({
      id: assignmentExtensions.id,
      assignmentId: assignmentExtensions.assignmentId,
      assignmentTitle: assignments.title,
      userId: assignmentExtensions.userId,
      name: users.name,
      email: users.email,
      dueAt: assignmentExtensions.dueAt,
      lockAt: assignmentExtensions.lockAt,
      extraDays: assignmentExtensions.extraDays,
      extraAttempts: assignmentExtensions.extraAttempts,
      reason: assignmentExtensions.reason,
      grantedByName: grantedBy,
      updatedAt: assignmentExtensions.updatedAt,
    })
    .from(assignmentExtensions)
    .innerJoin(assignments, eq(assignments.id, assignmentExtensions.assignmentId))
    .innerJoin(users, eq(users.id, assignmentExtensions.userId))
    .where(
      and(
        eq(assignments.courseId, authz.course.id),
        isNull(assignments.deletedAt),
        isNull(assignmentExtensions.deletedAt),
        userId ? eq(assignmentExtensions.userId, userId) : undefined,
      ),
    )
    .orderBy(asc(users.name), asc(assignments.position), asc(assignments.createdAt));
  const courseWide = await db()
    .select({
      id: courseAccommodations.id,
      userId: courseAccommodations.userId,
      name: users.name,
      email: users.email,
      extraDays: courseAccommodations.extraDays,
      extraAttempts: courseAccommodations.extraAttempts,
      reason: courseAccommodations.reason,
      grantedByName: grantedBy,
      updatedAt: courseAccommodations.updatedAt,
    })
    .from(courseAccommodations)
    .innerJoin(users, eq(users.id, courseAccommodations.userId))
    .where(and(eq(courseAccommodations.courseId, authz.course.id), isNull(courseAccommodations.deletedAt), userId ? eq(courseAccommodations.userId, userId) : undefined))
    .orderBy(asc(users.name));
  return [
    ...courseWide.map((r) => ({ ...r, assignmentId: null, assignmentTitle: null, dueAt: null, lockAt: null })),
    ...perAssignment.map((r) => ({ ...r, extraDays: r.extraDays ?? 0, extraAttempts: r.extraAttempts ?? 0 })),
  ].sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "") || a.userId.localeCompare(b.userId));
}

/**
 * Grants (or replaces) extensions for students of the course: on one assignment (new dates and/or extra days and
 * attempts) or, with no assignment, a course-wide accommodation (extra days and attempts). Instructors and TAs.
 * Returns what each student had before, for the audit log. Members must belong to the course (selectCourseMember).
 */
export async function ensureExtensions({
  authz,
  assignment,
  members,
  grant,
}: {
  authz: CourseAuthz;
  assignment: Assignment | null;
  members: CourseMember[];
  grant: Grant;
}): Promise<{ before: Record<string, Grant | null> }> {
  staffOnly(authz);
  if (assignment && assignment.courseId !== authz.course.id) throw notFound();
  const grantedByUserId = authz.session.user.id;
  const userIds = members.map((m) => m.userId);
  return db().transaction(async (tx) => {
    const before: Record<string, Grant | null> = Object.fromEntries(userIds.map((id) => [id, null]));
    if (assignment) {
      const old = await tx
        .select()
        .from(assignmentExtensions)
        .where(and(eq(assignmentExtensions.assignmentId, assignment.id), isNull(assignmentExtensions.deletedAt), sql`${assignmentExtensions.userId} = any(${sql.param(userIds)}::uuid[])`));
      for (const o of old) before[o.userId] = { dueAt: o.dueAt, lockAt: o.lockAt, extraDays: o.extraDays ?? 0, extraAttempts: o.extraAttempts ?? 0, reason: o.reason };
      const set = { dueAt: grant.dueAt, lockAt: grant.lockAt, extraDays: grant.extraDays, extraAttempts: grant.extraAttempts, reason: grant.reason, grantedByUserId };
      for (const userId of userIds) {
        await tx
          .insert(assignmentExtensions)
          .values({ assignmentId: assignment.id, userId, ...set })
          .onConflictDoUpdate({ target: [assignmentExtensions.assignmentId, assignmentExtensions.userId], set: { ...set, deletedAt: null, updatedAt: new Date() } });
      }
    } else {
      const old = await tx
        .select()
        .from(courseAccommodations)
        .where(and(eq(courseAccommodations.courseId, authz.course.id), isNull(courseAccommodations.deletedAt), sql`${courseAccommodations.userId} = any(${sql.param(userIds)}::uuid[])`));
      for (const o of old) before[o.userId] = { dueAt: null, lockAt: null, extraDays: o.extraDays, extraAttempts: o.extraAttempts, reason: o.reason };
      const set = { extraDays: grant.extraDays, extraAttempts: grant.extraAttempts, reason: grant.reason, grantedByUserId };
      for (const userId of userIds) {
        await tx
          .insert(courseAccommodations)
          .values({ courseId: authz.course.id, userId, ...set })
          .onConflictDoUpdate({ target: [courseAccommodations.courseId, courseAccommodations.userId], set: { ...set, deletedAt: null, updatedAt: new Date() } });
      }
    }
    return { before };
  });
}

/** Removes one extension or accommodation of the course (soft delete; the audit log keeps what it was). */
export async function deleteExtension({ authz, unsafeId, kind }: { authz: CourseAuthz; unsafeId: string; kind: "assignment" | "course" }): Promise<ExtensionEntry> {
  staffOnly(authz);
  if (!isUuid(unsafeId)) throw notFound("No such extension.");
  const entry = (await selectCourseExtensions({ authz })).find((e) => e.id === unsafeId && (kind === "course") === (e.assignmentId === null));
  if (!entry) throw notFound("No such extension.");
  if (kind === "assignment") await db().update(assignmentExtensions).set({ deletedAt: new Date() }).where(eq(assignmentExtensions.id, entry.id));
  else await db().update(courseAccommodations).set({ deletedAt: new Date() }).where(eq(courseAccommodations.id, entry.id));
  return entry;
}
