import { and, eq, gte, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import { requirePythonAssignment } from "@/lib/assignments/kind";
import type { CourseAuthz } from "@/lib/auth/authz";
import type { Assignment } from "./assignments";
import { assertStaff } from "./grading-jobs";

const { gradingJobs } = schema;

export type RegradeProgress = { total: number; done: number; failed: number };

/** How far the assignment's regrade jobs queued since `since` have got (the regrade page's live progress bar). */
export async function selectRegradeProgress({ authz, assignment, since }: { authz: CourseAuthz; assignment: Assignment; since: Date }): Promise<RegradeProgress> {
  assertStaff(authz, assignment);
  requirePythonAssignment(assignment);
  const [row] = await db()
    .select({
      total: sql<number>`count(*)::int`,
      done: sql<number>`(count(*) filter (where ${gradingJobs.status} in ('done', 'failed')))::int`,
      failed: sql<number>`(count(*) filter (where ${gradingJobs.status} = 'failed'))::int`,
    })
    .from(gradingJobs)
    .where(and(eq(gradingJobs.assignmentId, assignment.id), eq(gradingJobs.purpose, "regrade"), gte(gradingJobs.createdAt, since)));
  return { total: Number(row.total), done: Number(row.done), failed: Number(row.failed) };
}
