import { and, count, eq, inArray, isNotNull, isNull, max } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseAuthz } from "@/lib/auth/authz";
import { isStaffRole } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import { lateByMs } from "@/lib/exchange/late";
import type { Assignment } from "./assignments";
import type { AssignmentProgress } from "./course-dashboard";
import type { GradebookCell, GradebookRow } from "./gradebook";
import { selectStudentAllowance } from "./extensions";

const { exchangeAssignments, exchangeActions, exchangeSubmissions, enrollments, submissions } = schema;

/** One student's exchange activity on one notebook assignment: what the gradebook and dashboard show for it. */
export type NotebookActivity = {
  fetchedAt: Date | null;
  submittedAt: Date | null;
  submissions: number;
  late: boolean;
  /** Lantern holds a score for it (from nbgrader's grades CSV or set by staff). */
  graded: boolean;
};

/**
 * Exchange activity (latest fetch, latest submission and how many, late as nbgrader sees it) by assignment id, then
 * user id, for the course's notebook assignments among `assignments`: of `userIds`, or of every active student.
 * Staff only. Work in Jupyter leaves no Lantern submission until staff grade it, so this is where it shows.
 */
export async function selectNotebookActivity({
  authz,
  assignments,
  userIds,
}: {
  authz: CourseAuthz;
  assignments: Assignment[];
  userIds?: string[];
}): Promise<Map<string, Map<string, NotebookActivity>>> {
  if (!isStaffRole(authz.role)) throw notFound();
  const notebooks = assignments.filter((a) => a.kind === "notebook" && a.courseId === authz.course.id);
  const out = new Map(notebooks.map((a) => [a.id, new Map<string, NotebookActivity>()]));
  if (notebooks.length === 0 || userIds?.length === 0) return out;
  const ids = notebooks.map((a) => a.id);
  const activeStudents = db()
    .select({ id: enrollments.userId })
    .from(enrollments)
    .where(and(eq(enrollments.courseId, authz.course.id), eq(enrollments.role, "student"), eq(enrollments.status, "active")));
  const among = (column: typeof exchangeActions.userId | typeof exchangeSubmissions.userId | typeof submissions.userId) => inArray(column, userIds ?? activeStudents);
  const live = and(inArray(exchangeAssignments.assignmentId, ids), eq(exchangeAssignments.courseId, authz.course.id), isNull(exchangeAssignments.purgedAt));
  const [fetched, submitted, graded] = await Promise.all([
    db()
      .select({ assignmentId: exchangeAssignments.assignmentId, userId: exchangeActions.userId, at: max(exchangeActions.createdAt) })
      .from(exchangeActions)
      .innerJoin(exchangeAssignments, eq(exchangeAssignments.id, exchangeActions.exchangeAssignmentId))
      .where(and(live, eq(exchangeActions.action, "fetched"), among(exchangeActions.userId)))
      .groupBy(exchangeAssignments.assignmentId, exchangeActions.userId),
    db()
      .select({ assignmentId: exchangeAssignments.assignmentId, userId: exchangeSubmissions.userId, at: max(exchangeSubmissions.submittedAt), n: count() })
      .from(exchangeSubmissions)
      .innerJoin(exchangeAssignments, eq(exchangeAssignments.id, exchangeSubmissions.exchangeAssignmentId))
      .where(and(live, among(exchangeSubmissions.userId)))
      .groupBy(exchangeAssignments.assignmentId, exchangeSubmissions.userId),
    db()
      .selectDistinct({ assignmentId: submissions.assignmentId, userId: submissions.userId })
      .from(submissions)
      .where(and(inArray(submissions.assignmentId, ids), eq(submissions.courseId, authz.course.id), isNotNull(submissions.score), among(submissions.userId))),
  ]);
  const entry = (assignmentId: string, userId: string) => {
    const byUser = out.get(assignmentId)!;
    let a = byUser.get(userId);
    if (!a) byUser.set(userId, (a = { fetchedAt: null, submittedAt: null, submissions: 0, late: false, graded: false }));
    return a;
  };
  for (const f of fetched) entry(f.assignmentId, f.userId).fetchedAt = f.at;
  for (const s of submitted) Object.assign(entry(s.assignmentId, s.userId), { submittedAt: s.at, submissions: Number(s.n) });
  for (const g of graded) entry(g.assignmentId, g.userId).graded = true;
  await markLate(notebooks, out);
  return out;
}

/**
 * Late against each student's due date. The LMS's due date (on the work row) or the assignment's decides first; only
 * a submission late by that is checked against the student's extensions (one statement each), which can move it.
 */
async function markLate(notebooks: Assignment[], out: Map<string, Map<string, NotebookActivity>>): Promise<void> {
  const submitters = notebooks.flatMap((a) => [...out.get(a.id)!].filter(([, act]) => act.submittedAt).map(([userId]) => ({ a, userId })));
  if (submitters.length === 0) return;
  const lmsDates = await db()
    .select({ assignmentId: submissions.assignmentId, userId: submissions.userId, lmsDueAt: submissions.lmsDueAt, lmsLockAt: submissions.lmsLockAt })
    .from(submissions)
    .where(and(inArray(submissions.assignmentId, notebooks.map((a) => a.id)), inArray(submissions.userId, [...new Set(submitters.map((s) => s.userId))])))
    .orderBy(submissions.updatedAt);
  const lms = new Map(lmsDates.map((r) => [`${r.assignmentId}:${r.userId}`, r]));
  await Promise.all(
    submitters.map(async ({ a, userId }) => {
      const act = out.get(a.id)!.get(userId)!;
      const work = lms.get(`${a.id}:${userId}`);
      if (lateByMs(act.submittedAt, work?.lmsDueAt ?? a.dueAt) === null) return;
      const { dates } = await selectStudentAllowance({ assignment: a, submission: { userId, lmsDueAt: work?.lmsDueAt ?? null, lmsLockAt: work?.lmsLockAt ?? null } });
      act.late = lateByMs(act.submittedAt, dates.dueAt) !== null;
    }),
  );
}

/**
 * Gradebook rows with notebook work shown as the student course list shows it: until Lantern holds a score, a cell is
 * submitted once the student submitted through the exchange (with nbgrader's lateness) and in progress once fetched.
 */
export function withNotebookActivity(rows: GradebookRow[], activity: Map<string, Map<string, NotebookActivity>>): GradebookRow[] {
  return rows.map((row) => {
    const cells = { ...row.cells };
    for (const [assignmentId, byUser] of activity) {
      const act = byUser.get(row.userId);
      if (!act) continue;
      const cell: GradebookCell = cells[assignmentId] ?? { ...NO_CELL, updatedAt: act.submittedAt ?? act.fetchedAt ?? new Date(0) };
      const late = cell.late || act.late;
      if (cell.score !== null) cells[assignmentId] = { ...cell, late };
      else if (act.submissions > 0) cells[assignmentId] = { ...cell, status: "submitted", attempts: act.submissions, late };
      else if (act.fetchedAt) cells[assignmentId] = { ...cell, status: "in_progress" };
    }
    return { ...row, cells };
  });
}

/**
 * Dashboard counts for a notebook assignment from the exchange: started = fetched, submitted or graded; submitted =
 * submitted through the exchange or graded; late as nbgrader sees it; awaiting a grade = submitted without a score.
 * The score distribution stays the graded rows'.
 */
export function withNotebookProgress(progress: AssignmentProgress[], activity: Map<string, Map<string, NotebookActivity>>): AssignmentProgress[] {
  return progress.map((p) => {
    const byUser = activity.get(p.assignmentId);
    if (!byUser) return p;
    const acts = [...byUser.values()];
    return {
      ...p,
      started: acts.filter((a) => a.fetchedAt || a.submissions > 0 || a.graded).length,
      submitted: acts.filter((a) => a.submissions > 0 || a.graded).length,
      late: acts.filter((a) => a.late).length,
      awaitingGrade: acts.filter((a) => a.submissions > 0 && !a.graded).length,
    };
  });
}

/** A cell for work that has no Lantern submission row (it is in Jupyter): only the exchange's activity fills it. */
const NO_CELL: Omit<GradebookCell, "updatedAt"> = {
  submissionId: null,
  score: null,
  status: "not_started",
  late: false,
  overridden: false,
  attempts: 0,
  grading: false,
  sync: "none",
  syncReason: null,
};
