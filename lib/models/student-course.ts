import { and, desc, eq, inArray } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseAuthz } from "@/lib/auth/authz";
import type { Assignment } from "./assignments";

const { submissions } = schema;

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
  return states;
}
