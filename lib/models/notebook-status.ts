import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseAuthz } from "@/lib/auth/authz";
import { isStaffRole } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import { lateByMs } from "@/lib/exchange/late";
import type { Assignment } from "./assignments";
import { selectStudentAllowance } from "./extensions";

const { exchangeAssignments, exchangeReleases, exchangeSubmissions, exchangeFeedback, exchangeActions, exchangeUsers, enrollments, users, submissions } =
  schema;

/** Where a notebook assignment stands in the exchange. */
export type ReleaseState = "not_released" | "released" | "unreleased";

export type NotebookRelease = { releasedAt: Date; releasedBy: string | null; notebooks: string[]; bytes: number };

/** One student's exchange activity on a notebook assignment (their latest of each). */
export type NotebookProgress = {
  fetchedAt: Date | null;
  submissionCount: number;
  submittedAt: Date | null;
  /** nbgrader's timestamp of the latest submission (the string nbgrader shows). */
  submissionTimestamp: string | null;
  /** Notebooks with feedback released for the latest submission, and when the newest of it was released. */
  feedbackNotebooks: string[];
  feedbackAt: Date | null;
};

/** When the work is due for this student, and how late their latest submission's nbgrader timestamp is (lib/exchange/late). */
export type NotebookDue = { dueAt: Date | null; lateByMs: number | null };

export type StaffNotebookRow = NotebookProgress & {
  /** How late the latest submission is against this student's due date (null: on time, not submitted, none due). */
  lateByMs: number | null;
  userId: string;
  name: string | null;
  email: string | null;
  /** The nbgrader student id (exchange username); null until the student first uses the exchange. */
  username: string | null;
  enrollmentStatus: "active" | "inactive" | "dropped";
  /** The score Lantern holds (and sends to the LMS), from the grades CSV or the grading page. */
  score: number | null;
};

/** The exchange assignment a Lantern notebook assignment is released as: the newest one not purged, or null. */
async function currentExchangeAssignment(assignment: Assignment) {
  const [row] = await db()
    .select()
    .from(exchangeAssignments)
    .where(and(eq(exchangeAssignments.assignmentId, assignment.id), isNull(exchangeAssignments.purgedAt)))
    .orderBy(desc(exchangeAssignments.createdAt))
    .limit(1);
  return row ?? null;
}

function requireNotebook(authz: CourseAuthz, assignment: Assignment) {
  if (assignment.kind !== "notebook" || assignment.courseId !== authz.course.id) throw notFound("No such assignment.");
}

/** Everyone's progress keyed by user id, from the exchange's actions, submissions and feedback. */
async function progressByUser(exchangeAssignmentId: string, userIds?: string[]): Promise<Map<string, NotebookProgress>> {
  const only = userIds ? inArray(exchangeActions.userId, userIds) : undefined;
  const fetched = await db()
    .select({ userId: exchangeActions.userId, at: exchangeActions.createdAt })
    .from(exchangeActions)
    .where(and(eq(exchangeActions.exchangeAssignmentId, exchangeAssignmentId), eq(exchangeActions.action, "fetched"), only))
    .orderBy(asc(exchangeActions.createdAt));
  const submitted = await db()
    .select({ id: exchangeSubmissions.id, userId: exchangeSubmissions.userId, at: exchangeSubmissions.submittedAt, timestamp: exchangeSubmissions.timestamp })
    .from(exchangeSubmissions)
    .where(and(eq(exchangeSubmissions.exchangeAssignmentId, exchangeAssignmentId), userIds ? inArray(exchangeSubmissions.userId, userIds) : undefined))
    .orderBy(asc(exchangeSubmissions.submittedAt));
  const out = new Map<string, NotebookProgress>();
  const entry = (userId: string) => {
    let p = out.get(userId);
    if (!p) {
      p = { fetchedAt: null, submissionCount: 0, submittedAt: null, submissionTimestamp: null, feedbackNotebooks: [], feedbackAt: null };
      out.set(userId, p);
    }
    return p;
  };
  for (const f of fetched) entry(f.userId).fetchedAt = f.at;
  const latestByUser = new Map<string, string>();
  for (const s of submitted) {
    const p = entry(s.userId);
    p.submissionCount += 1;
    p.submittedAt = s.at;
    p.submissionTimestamp = s.timestamp;
    latestByUser.set(s.userId, s.id);
  }
  // Feedback counts for the latest submission only: feedback on an earlier one is not about the work they see now.
  const latest = new Map([...latestByUser].map(([userId, submissionId]) => [submissionId, userId]));
  if (latest.size) {
    const feedback = await db()
      .select({ submissionId: exchangeFeedback.submissionId, notebook: exchangeFeedback.notebook, at: exchangeFeedback.createdAt, key: exchangeFeedback.storageKey })
      .from(exchangeFeedback)
      .where(inArray(exchangeFeedback.submissionId, [...latest.keys()]))
      .orderBy(asc(exchangeFeedback.createdAt));
    for (const f of feedback) {
      if (!f.key) continue;
      const p = entry(latest.get(f.submissionId)!);
      if (!p.feedbackNotebooks.includes(f.notebook)) p.feedbackNotebooks.push(f.notebook);
      p.feedbackAt = f.at;
    }
  }
  return out;
}

async function releaseSummary(exchangeAssignment: { id: string; active: boolean } | null) {
  if (!exchangeAssignment) return { state: "not_released" as ReleaseState, releases: [] as NotebookRelease[] };
  const releases = await db()
    .select({ releasedAt: exchangeReleases.createdAt, releasedBy: users.name, notebooks: exchangeReleases.notebooks, bytes: exchangeReleases.bytes })
    .from(exchangeReleases)
    .innerJoin(users, eq(users.id, exchangeReleases.releasedByUserId))
    .where(eq(exchangeReleases.exchangeAssignmentId, exchangeAssignment.id))
    .orderBy(desc(exchangeReleases.createdAt));
  return { state: (exchangeAssignment.active ? "released" : "unreleased") as ReleaseState, releases };
}

/**
 * Staff view of a notebook assignment: its exchange name and release history, and for every student of the course
 * (and anyone else who used the exchange for it) when they fetched and submitted, what feedback they have, and the
 * score Lantern holds.
 */
export async function selectStaffNotebookStatus({ authz, assignment }: { authz: CourseAuthz; assignment: Assignment }) {
  requireNotebook(authz, assignment);
  if (!isStaffRole(authz.role)) throw notFound("No such assignment.");
  const exchangeAssignment = await currentExchangeAssignment(assignment);
  const { state, releases } = await releaseSummary(exchangeAssignment);
  const progress = exchangeAssignment ? await progressByUser(exchangeAssignment.id) : new Map<string, NotebookProgress>();
  const members = await db()
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: enrollments.role,
      enrollmentStatus: enrollments.status,
      username: exchangeUsers.username,
    })
    .from(enrollments)
    .innerJoin(users, eq(users.id, enrollments.userId))
    .leftJoin(exchangeUsers, eq(exchangeUsers.userId, users.id))
    .where(eq(enrollments.courseId, authz.course.id))
    .orderBy(asc(users.name), asc(users.id));
  const scores = await db()
    .select({ userId: submissions.userId, score: submissions.score, lmsDueAt: submissions.lmsDueAt, lmsLockAt: submissions.lmsLockAt, updatedAt: submissions.updatedAt })
    .from(submissions)
    .where(eq(submissions.assignmentId, assignment.id))
    .orderBy(asc(submissions.updatedAt));
  const scoreByUser = new Map(scores.filter((s) => s.score !== null).map((s) => [s.userId, s.score]));
  const workByUser = new Map(scores.map((s) => [s.userId, s]));
  const empty: NotebookProgress = { fetchedAt: null, submissionCount: 0, submittedAt: null, submissionTimestamp: null, feedbackNotebooks: [], feedbackAt: null };
  // Students, plus any staff member who tried the exchange as a student would.
  const shown = members.filter((m) => m.role === "student" || progress.get(m.userId)?.submissionCount);
  // Lateness against each submitter's own due date (the LMS's or an extension's may differ from the assignment's).
  const late = new Map(
    await Promise.all(
      shown
        .filter((m) => progress.get(m.userId)?.submittedAt)
        .map(async (m) => [m.userId, (await dueFor(assignment, m.userId, workByUser.get(m.userId), progress.get(m.userId)!.submittedAt)).lateByMs] as const),
    ),
  );
  const rows: StaffNotebookRow[] = shown.map((m) => ({
    ...(progress.get(m.userId) ?? empty),
    lateByMs: late.get(m.userId) ?? null,
    userId: m.userId,
    name: m.name,
    email: m.email,
    username: m.username,
    enrollmentStatus: m.enrollmentStatus,
    score: scoreByUser.get(m.userId) ?? null,
  }));
  return { code: exchangeAssignment?.code ?? assignment.slug, state, releases, rows };
}

/** The student's due date (assignment, LMS, extension) and how late a submission at `submittedAt` is against it. */
async function dueFor(
  assignment: Assignment,
  userId: string,
  work: { lmsDueAt: Date | null; lmsLockAt: Date | null } | undefined,
  submittedAt: Date | null,
): Promise<NotebookDue> {
  const { dates } = await selectStudentAllowance({ assignment, submission: { userId, lmsDueAt: work?.lmsDueAt ?? null, lmsLockAt: work?.lmsLockAt ?? null } });
  return { dueAt: dates.dueAt, lateByMs: lateByMs(submittedAt, dates.dueAt) };
}

/** A student's own view: whether the assignment can be fetched, and their fetch, submissions and feedback. */
export async function selectOwnNotebookStatus({ authz, assignment }: { authz: CourseAuthz; assignment: Assignment }) {
  requireNotebook(authz, assignment);
  const userId = authz.session.effectiveUser.id;
  const exchangeAssignment = await currentExchangeAssignment(assignment);
  const { state, releases } = await releaseSummary(exchangeAssignment);
  const progress = exchangeAssignment ? (await progressByUser(exchangeAssignment.id, [userId])).get(userId) : undefined;
  const [identity] = await db().select({ username: exchangeUsers.username }).from(exchangeUsers).where(eq(exchangeUsers.userId, userId)).limit(1);
  const [work] = await db()
    .select({ lmsDueAt: submissions.lmsDueAt, lmsLockAt: submissions.lmsLockAt })
    .from(submissions)
    .where(and(eq(submissions.assignmentId, assignment.id), eq(submissions.userId, userId)))
    .orderBy(desc(submissions.updatedAt))
    .limit(1);
  const due = await dueFor(assignment, userId, work, progress?.submittedAt ?? null);
  return {
    code: exchangeAssignment?.code ?? assignment.slug,
    state,
    releasedAt: releases[0]?.releasedAt ?? null,
    notebooks: releases[0]?.notebooks ?? [],
    username: identity?.username ?? null,
    ...due,
    progress: progress ?? { fetchedAt: null, submissionCount: 0, submittedAt: null, submissionTimestamp: null, feedbackNotebooks: [], feedbackAt: null },
  };
}
