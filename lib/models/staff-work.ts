import { and, asc, desc, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseAuthz } from "@/lib/auth/authz";
import { isStaffRole } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import type { Assignment } from "./assignments";
import { isUuid } from "./courses";
import type { Enrollment } from "./enrollments";
import type { Submission } from "./submissions";

const { assignments, enrollments, users, submissions, submissionVersions, codingEvents, codeStates } = schema;

/** Staff of the course acting as themselves (viewing as a student, a staff member is that student). */
export function assertStaff(authz: CourseAuthz): void {
  if (!isStaffRole(authz.role) || authz.viewingAs) throw notFound();
}

export type CourseMember = { userId: string; name: string | null; email: string | null; isTestUser: boolean; role: Enrollment["role"]; status: Enrollment["status"]; lastLaunchAt: Date | null };

/** A member of the caller's course (any status: dropped students' work stays readable); anyone else is a 404. */
export async function selectCourseMember({ authz, unsafeUserId }: { authz: CourseAuthz; unsafeUserId: string }): Promise<CourseMember> {
  assertStaff(authz);
  if (!isUuid(unsafeUserId)) throw notFound("No such student.");
  const [row] = await db()
    .select({ userId: users.id, name: users.name, email: users.email, isTestUser: users.isTestUser, role: enrollments.role, status: enrollments.status, lastLaunchAt: enrollments.lastLaunchAt })
    .from(enrollments)
    .innerJoin(users, eq(users.id, enrollments.userId))
    .where(and(eq(enrollments.courseId, authz.course.id), eq(enrollments.userId, unsafeUserId)));
  if (!row) throw notFound("No such student.");
  return row;
}

/**
 * The student-work page's first reads in one statement: an assignment of the caller's course (drafts too: staff
 * only), a member of the course (any status, as `selectCourseMember`), and the member's submissions for it (one per
 * LMS placement), most recently changed first — the first is the one the gradebook shows. Either id unknown, malformed
 * or in another course is a 404.
 */
export async function selectAssignmentMemberWork({
  authz,
  unsafeAssignmentId,
  unsafeUserId,
}: {
  authz: CourseAuthz;
  unsafeAssignmentId: string;
  unsafeUserId: string;
}): Promise<{ assignment: Assignment; member: CourseMember; placements: Submission[] }> {
  assertStaff(authz);
  if (!isUuid(unsafeAssignmentId)) throw notFound("No such assignment.");
  if (!isUuid(unsafeUserId)) throw notFound("No such student.");
  const rows = await db()
    .select({
      assignment: assignments,
      member: { userId: enrollments.userId, name: users.name, email: users.email, isTestUser: users.isTestUser, role: enrollments.role, status: enrollments.status, lastLaunchAt: enrollments.lastLaunchAt },
      submission: submissions,
    })
    .from(assignments)
    .leftJoin(enrollments, and(eq(enrollments.courseId, assignments.courseId), eq(enrollments.userId, unsafeUserId)))
    .leftJoin(users, eq(users.id, enrollments.userId))
    .leftJoin(submissions, and(eq(submissions.courseId, assignments.courseId), eq(submissions.assignmentId, assignments.id), eq(submissions.userId, enrollments.userId)))
    .where(and(eq(assignments.id, unsafeAssignmentId), eq(assignments.courseId, authz.course.id), isNull(assignments.deletedAt)))
    .orderBy(desc(submissions.updatedAt), desc(submissions.id));
  if (rows.length === 0) throw notFound("No such assignment.");
  const { assignment, member } = rows[0];
  if (!member || member.userId === null || member.role === null || member.status === null || member.isTestUser === null) throw notFound("No such student.");
  return {
    assignment,
    member: { ...member, userId: member.userId, role: member.role, status: member.status, isTestUser: member.isTestUser },
    placements: rows.flatMap((r) => (r.submission ? [r.submission] : [])),
  };
}

/** A submission of the caller's course by id, for staff; another course's (or a malformed id) is a 404. */
export async function selectCourseSubmission({ authz, unsafeSubmissionId }: { authz: CourseAuthz; unsafeSubmissionId: string }): Promise<Submission> {
  assertStaff(authz);
  if (!isUuid(unsafeSubmissionId)) throw notFound("No such submission.");
  const [row] = await db()
    .select()
    .from(submissions)
    .where(and(eq(submissions.id, unsafeSubmissionId), eq(submissions.courseId, authz.course.id)));
  if (!row) throw notFound("No such submission.");
  return row;
}

/** Coding events worth showing between saved versions (edits and focus changes are the versions themselves). */
export const TIMELINE_EVENT_TYPES = ["Run.Program", "Run.Error", "Compile.Error", "X-Check", "Submit", "X-Paste", "X-Restore", "Session.Start"] as const;

export type TimelineStep = {
  version: number;
  kind: "autosave" | "restore" | "submit";
  at: string;
  bytes: number;
  /** Events after the previous version up to this one, oldest first. */
  events: { type: string; at: string; detail: string | null }[];
};

function eventDetail(type: string, data: Record<string, unknown> | null): string | null {
  if (!data) return null;
  if (type === "X-Paste" && typeof data.size === "number") return `${data.size} characters`;
  if ((type === "Run.Error" || type === "Compile.Error") && typeof data.type === "string") return data.type;
  if (type === "X-Restore" && typeof data.version === "number") return `version ${data.version}`;
  return null;
}

/**
 * One page of a submission's timeline: versions after `afterVersion` (at most `limit`), each with the coding events
 * since the version before it. Pages keep a 2,000-version history out of any single response; contents are fetched
 * per version.
 */
export async function selectTimelinePage({
  authz,
  submission,
  afterVersion,
  limit = 200,
}: {
  authz: CourseAuthz;
  submission: Submission;
  afterVersion: number;
  limit?: number;
}): Promise<{ steps: TimelineStep[]; nextAfter: number | null }> {
  assertStaff(authz);
  if (submission.courseId !== authz.course.id) throw notFound();
  const at = sql<Date>`coalesce(${submissionVersions.clientSavedAt}, ${submissionVersions.createdAt})`;
  const versions = await db()
    .select({ version: submissionVersions.version, kind: submissionVersions.kind, at, bytes: codeStates.bytes })
    .from(submissionVersions)
    .innerJoin(codeStates, eq(codeStates.id, submissionVersions.codeStateId))
    .where(and(eq(submissionVersions.submissionId, submission.id), gt(submissionVersions.version, afterVersion)))
    .orderBy(asc(submissionVersions.version))
    .limit(limit + 1);
  const more = versions.length > limit;
  const page = versions.slice(0, limit).map((v) => ({ ...v, at: new Date(v.at) }));
  if (page.length === 0) return { steps: [], nextAfter: null };
  const [before] =
    afterVersion > 0
      ? await db()
          .select({ at })
          .from(submissionVersions)
          .where(and(eq(submissionVersions.submissionId, submission.id), eq(submissionVersions.version, afterVersion)))
      : [];
  const from = before ? new Date(before.at) : null;
  const to = more ? page[page.length - 1].at : null;
  const events = await db()
    .select({ type: codingEvents.eventType, at: codingEvents.clientTimestamp, data: codingEvents.data })
    .from(codingEvents)
    .where(
      and(
        eq(codingEvents.submissionId, submission.id),
        inArray(codingEvents.eventType, [...TIMELINE_EVENT_TYPES]),
        from ? gt(codingEvents.clientTimestamp, from) : undefined,
        to ? lte(codingEvents.clientTimestamp, to) : undefined,
      ),
    )
    .orderBy(asc(codingEvents.clientTimestamp))
    .limit(limit * 20);
  const steps: TimelineStep[] = page.map((v) => ({ version: v.version, kind: v.kind, at: v.at.toISOString(), bytes: v.bytes, events: [] }));
  let i = 0;
  for (const e of events) {
    // Each event belongs to the first version saved at or after it; events after the last version go with it.
    while (i < page.length - 1 && page[i].at < e.at) i++;
    steps[i].events.push({ type: e.type, at: e.at.toISOString(), detail: eventDetail(e.type, e.data) });
  }
  return { steps, nextAfter: more ? page[page.length - 1].version : null };
}
