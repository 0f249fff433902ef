import { and, eq } from "drizzle-orm";
import { db, schema } from "@/db";
import { requirePythonAssignment } from "@/lib/assignments/kind";
import type { CourseAuthz, SystemAuthz } from "@/lib/auth/authz";
import { notFound } from "@/lib/errors";
import type { FunctionTest, IoCase, StarterFile } from "@/lib/grading/types";
import type { Assignment } from "./assignments";
import { ensureCodeState } from "./code-states";
import { isUuid } from "./courses";
import type { TestResult } from "./grades";
import { assertStaff, LIVE_PRIORITY, selectQueuePlace, type GradingJob, type QueuePlace } from "./grading-jobs";

const { gradingJobs } = schema;

/** A reference check as staff see it: the grader's verdict on each test for the files they gave. */
export type ReferenceCheck = {
  id: string;
  status: GradingJob["status"];
  /** Per-test results in the grader's order (function tests, then I/O cases); null until graded. */
  results: TestResult[] | null;
  /** Run-level failure (time limit, memory, crash), as a student would see it. */
  failure: string | null;
  queue: QueuePlace | null;
  createdAt: Date;
  finishedAt: Date | null;
};

/**
 * Queues a check of an assignment's tests (the saved ones, or `tests` given as a draft) against `files` (a
 * reference solution) in the real grader, at live priority. Staff only. The grader may run on another machine;
 * read the outcome with `selectReferenceCheck`.
 */
export async function insertReferenceCheck({
  authz,
  assignment,
  files,
  tests,
}: {
  authz: CourseAuthz;
  assignment: Assignment;
  files: StarterFile[];
  tests?: { functionTests: FunctionTest[]; ioCases: IoCase[] };
}): Promise<GradingJob> {
  assertStaff(authz, assignment);
  requirePythonAssignment(assignment);
  return db().transaction(async (tx) => {
    const state = await ensureCodeState(tx, files);
    const [job] = await tx
      .insert(gradingJobs)
      .values({
        purpose: "reference",
        priority: LIVE_PRIORITY,
        courseId: authz.course.id,
        assignmentId: assignment.id,
        userId: authz.session.user.id,
        codeStateId: state.id,
        tests: tests ?? null,
      })
      .returning();
    return job;
  });
}

/** One reference check of the assignment (any staff member's); 404 for another assignment's or a submission's job. */
export async function selectReferenceCheck({
  authz,
  assignment,
  unsafeCheckId,
}: {
  authz: CourseAuthz;
  assignment: Assignment;
  unsafeCheckId: string;
}): Promise<ReferenceCheck> {
  assertStaff(authz, assignment);
  requirePythonAssignment(assignment);
  if (!isUuid(unsafeCheckId)) throw notFound("No such check.");
  const [job] = await db()
    .select()
    .from(gradingJobs)
    .where(and(eq(gradingJobs.id, unsafeCheckId), eq(gradingJobs.assignmentId, assignment.id), eq(gradingJobs.purpose, "reference")));
  if (!job) throw notFound("No such check.");
  return {
    id: job.id,
    status: job.status,
    results: job.results,
    failure: job.failure,
    queue: await selectQueuePlace({ job }),
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}

/** The grader's outcome of a reference check (idempotent: a second result for a finished check is ignored). */
export async function updateReferenceCheckResult(
  _authz: SystemAuthz,
  { jobId, results, failure }: { jobId: string; results: TestResult[]; failure: string | null },
): Promise<void> {
  await db()
    .update(gradingJobs)
    .set({ status: "done", results, failure, finishedAt: new Date(), lockedUntil: null, error: null })
    .where(and(eq(gradingJobs.id, jobId), eq(gradingJobs.purpose, "reference"), eq(gradingJobs.status, "running")));
}
