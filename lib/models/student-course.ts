import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseAuthz } from "@/lib/auth/authz";
import type { Assignment } from "./assignments";

const { submissions, exchangeAssignments, exchangeActions } = schema;

export type OwnAssignmentState = {
  status: "not_started" | "in_progress" | "submitted" | "graded";
  score: number | null;
  late: boolean;
  attempts: number;
};

/**
 * The caller's (effective user's) state on each assignment, for the student's course page. With several LMS
 * placements of one assignment, the most recently changed submission speaks for it.
 */
export async function selectOwnAssignmentStates({
  authz,
  assignments,
}: {
  authz: CourseAuthz;
  assignments: Assignment[];
}): Promise<Map<string, OwnAssignmentState>> {
  const ids = assignments.filter((a) => a.courseId === authz.course.id).map((a) => a.id);
  if (ids.length === 0) return new Map();
  const rows = await db()
    .select({
      assignmentId: submissions.assignmentId,
      status: submissions.status,
      score: submissions.score,
      late: submissions.late,
      attempts: submissions.attempts,
    })
    .from(submissions)
    .where(and(eq(submissions.courseId, authz.course.id), eq(submissions.userId, authz.session.effectiveUser.id), inArray(submissions.assignmentId, ids)))
    .orderBy(desc(submissions.updatedAt));
  const states = new Map<string, OwnAssignmentState>();
  for (const row of rows) if (!states.has(row.assignmentId)) states.set(row.assignmentId, row);
  await addNotebookStates(authz, assignments, states);
  return states;
}

/**
 * Notebook work happens in Jupyter, so until staff grade it the exchange says where it stands: submitted once the
 * student submitted through it, in progress once they fetched it.
 */
async function addNotebookStates(authz: CourseAuthz, assignments: Assignment[], states: Map<string, OwnAssignmentState>) {
  const ids = assignments.filter((a) => a.kind === "notebook" && a.courseId === authz.course.id && states.get(a.id)?.status !== "graded").map((a) => a.id);
  if (ids.length === 0) return;
  const actions = await db()
    .select({ assignmentId: exchangeAssignments.assignmentId, action: exchangeActions.action })
    .from(exchangeActions)
    .innerJoin(exchangeAssignments, eq(exchangeAssignments.id, exchangeActions.exchangeAssignmentId))
    .where(
      and(
        inArray(exchangeAssignments.assignmentId, ids),
        isNull(exchangeAssignments.purgedAt),
        eq(exchangeActions.userId, authz.session.effectiveUser.id),
        inArray(exchangeActions.action, ["fetched", "submitted"]),
      ),
    );
  for (const id of ids) {
    const mine = actions.filter((a) => a.assignmentId === id);
    const status = mine.some((a) => a.action === "submitted") ? "submitted" : mine.length ? "in_progress" : null;
    if (!status) continue;
    const current = states.get(id);
    states.set(id, { score: current?.score ?? null, late: current?.late ?? false, attempts: mine.filter((a) => a.action === "submitted").length, status });
  }
}
