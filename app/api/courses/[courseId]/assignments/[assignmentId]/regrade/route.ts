import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { selectStaffAssignment } from "@/lib/models/assignment-authoring";
import { selectRegradeProgress } from "@/lib/models/regrade-progress";

export const dynamic = "force-dynamic";

/** Progress of the assignment's regrade started at `since` (polled by the regrade page). */
export const GET = handler(
  {
    access: { courseRoles: STAFF_ROLES },
    params: z.object({ courseId: z.string(), assignmentId: z.string() }),
    query: z.object({ since: z.iso.datetime() }),
  },
  async ({ authz, params, query }) => {
    const assignment = await selectStaffAssignment({ authz, unsafeAssignmentId: params.assignmentId });
    return selectRegradeProgress({ authz, assignment, since: new Date(query.since) });
  },
);
