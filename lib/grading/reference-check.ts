import type { CourseAuthz } from "@/lib/auth/authz";
import type { Assignment } from "@/lib/models/assignments";
import { insertRegradeJobs } from "@/lib/models/grading-jobs";
import { insertReferenceCheck } from "@/lib/models/reference-checks";
import { notifyGradingQueued } from "./enqueue";
import type { FunctionTest, IoCase, StarterFile } from "./types";

export { selectReferenceCheck, type ReferenceCheck } from "@/lib/models/reference-checks";

/**
 * Runs an assignment's tests (saved, or a draft) against a reference solution in the real grader, queued like a
 * submission at live priority. Staff only. Poll `selectReferenceCheck` with the returned id for the verdicts.
 */
export async function enqueueReferenceCheck(args: {
  authz: CourseAuthz;
  assignment: Assignment;
  files: StarterFile[];
  tests?: { functionTests: FunctionTest[]; ioCases: IoCase[] };
}): Promise<{ checkId: string }> {
  const job = await insertReferenceCheck(args);
  notifyGradingQueued(job.id);
  return { checkId: job.id };
}

/** Queues "Regrade all" for an assignment at bulk priority (never ahead of live submissions). Staff only. */
export async function enqueueRegrade(args: { authz: CourseAuthz; assignment: Assignment }): Promise<{ queued: number }> {
  const result = await insertRegradeJobs(args);
  if (result.queued > 0) notifyGradingQueued();
  return result;
}
