import { isStaffRole } from "@/lib/auth/roles";
import { exchangeActionKinds, selectExchangeHistory, selectExchangeListing, type ExchangeActionKind } from "@/lib/models/exchange-history";
import { ensureExchangeUsers, selectExchangeCoursesForUser, selectUsersByIds } from "@/lib/models/exchange-members";
import { exchangePaths } from "../files";
import { failure, okList, resolveExchangeCourse, type ExchangeParams } from "../http";
import { formatNbgraderTimestamp } from "../timestamps";
import type { ExchangeAuthz, ExchangeCaller } from "../types";

type Ctx = { req: Request; caller: ExchangeCaller; params: ExchangeParams };

/**
 * GET assignments (nbgrader `list`): for each active assignment of the course, newest first, one entry per release
 * and one per action of the caller (fetched, submitted, collected, feedback released/fetched). `student_id` is the
 * integer id of whoever acted; `timestamp` is when (a submission's is nbgrader's own). Submitted entries say per
 * notebook whether feedback exists for *that* submission, with `feedback_timestamp` = the submission's timestamp,
 * the directory nbgrader's `fetch_feedback` files it under.
 */
export async function listAssignments({ caller, params }: Ctx): Promise<Response> {
  const code = params.get("course_id");
  if (!code) return failure("Assigment call requires a course id", { list: true });
  const resolved = await resolveExchangeCourse(caller, code);
  if (resolved.kind === "refused") return failure(resolved.note, { list: true });
  const listing = await selectExchangeListing({ authz: resolved.authz });
  const people = await selectUsersByIds({ userIds: [caller.user.id, ...listing.flatMap((l) => l.releases.map((r) => r.releasedByUserId))] });
  const numbers = await ensureExchangeUsers({ users: people });
  const number = (userId: string) => numbers.get(userId)?.number ?? null;
  const value = listing.flatMap(({ assignment, notebooks, releases, actions, feedback }) => {
    const entry = (status: ExchangeActionKind, studentId: string, path: string, timestamp: string, submissionId?: string | null) => ({
      assignment_id: assignment.code,
      student_id: number(studentId),
      course_id: code,
      status,
      path,
      timestamp,
      notebooks: notebooks.map((name) => {
        const has = status === "submitted" && feedback.some((f) => f.submissionId === submissionId && f.notebook === name);
        return { notebook_id: name, has_exchange_feedback: has, feedback_updated: false, feedback_timestamp: has ? timestamp : null };
      }),
    });
    return [
      ...releases.map((r) => entry("released", r.releasedByUserId, exchangePaths.release(r.id), formatNbgraderTimestamp(r.createdAt))),
      ...actions.map((a) =>
        a.action === "submitted" && a.submissionId
          ? entry("submitted", a.userId, exchangePaths.submission(a.submissionId), a.submissionTimestamp ?? formatNbgraderTimestamp(a.createdAt), a.submissionId)
          : entry(
              a.action,
              a.userId,
              a.releaseId ? exchangePaths.release(a.releaseId) : a.submissionId ? exchangePaths.submission(a.submissionId) : "",
              formatNbgraderTimestamp(a.createdAt),
            ),
      ),
    ];
  });
  return okList(value);
}

const ACTIONS = new Set<string>(exchangeActionKinds);

/**
 * GET history (the nbexchange JupyterLab UI's view; nbgrader does not call it): per course of the caller (or only
 * `course_id`), its assignments and their actions — all of them for staff, releases and their own for students.
 */
export async function listHistory({ caller, params }: Ctx): Promise<Response> {
  const action = params.get("action");
  if (action !== null && !ACTIONS.has(action)) return failure(`${action} is not a valid assignment action.`, { list: true });
  const code = params.get("course_id") ?? params.get("course_code");
  let scopes: ExchangeAuthz[];
  if (code !== null) {
    const resolved = await resolveExchangeCourse(caller, code);
    if (resolved.kind === "refused") return failure(resolved.note, { list: true });
    scopes = [resolved.authz];
  } else {
    scopes = (await selectExchangeCoursesForUser({ userId: caller.user.id })).map(({ course, role }) => ({
      kind: "exchange",
      caller,
      course,
      role,
      staff: isStaffRole(role),
    }));
  }
  const me = await ensureExchangeUsers({ users: [caller.user] });
  const value = [];
  for (const authz of scopes) {
    const rows = await selectExchangeHistory({ authz, action: (action as ExchangeActionKind | null) ?? undefined });
    const usernames = await ensureExchangeUsers({ users: await selectUsersByIds({ userIds: rows.map((r) => r.userId) }) });
    const assignments = new Map<string, { assignment_id: string; assignment_code: string; actions: unknown[]; action_summary: Record<string, number> }>();
    for (const row of rows) {
      let a = assignments.get(row.exchangeAssignmentId);
      if (!a) assignments.set(row.exchangeAssignmentId, (a = { assignment_id: row.exchangeAssignmentId, assignment_code: row.code, actions: [], action_summary: {} }));
      a.actions.push({
        action: `AssignmentActions.${row.action}`,
        timestamp: formatNbgraderTimestamp(row.createdAt),
        path: row.submissionId ? exchangePaths.submission(row.submissionId) : row.releaseId ? exchangePaths.release(row.releaseId) : "",
        user: usernames.get(row.userId)?.username ?? "",
      });
      a.action_summary[row.action] = (a.action_summary[row.action] ?? 0) + 1;
    }
    const nbRole = authz.staff ? "Instructor" : "Student";
    value.push({
      course_id: authz.course.id,
      course_code: authz.course.code,
      course_title: authz.course.title,
      role: { [nbRole]: 1 },
      user_id: { [String(me.get(caller.user.id)!.number)]: 1 },
      isInstructor: authz.staff,
      assignments: [...assignments.values()],
    });
  }
  return okList(value);
}
