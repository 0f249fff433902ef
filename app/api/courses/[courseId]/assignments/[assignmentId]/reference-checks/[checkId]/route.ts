import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { selectReferenceCheck } from "@/lib/grading/reference-check";
import { selectStaffAssignment } from "@/lib/models/assignment-authoring";

export const dynamic = "force-dynamic";

/** One reference check's verdicts (polled by the editor after "Run tests against the reference solution"). */
export const GET = handler(
  { access: { courseRoles: STAFF_ROLES }, params: z.object({ courseId: z.string(), assignmentId: z.string(), checkId: z.string() }) },
  async ({ authz, params }) => {
    const assignment = await selectStaffAssignment({ authz, unsafeAssignmentId: params.assignmentId });
    const check = await selectReferenceCheck({ authz, assignment, unsafeCheckId: params.checkId });
    return { status: check.status, results: check.results, failure: check.failure, queue: check.queue };
  },
);
