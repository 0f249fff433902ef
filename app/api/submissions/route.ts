import { handler } from "@/lib/auth/handler";
import { ALL_ROLES } from "@/lib/auth/roles";
import { selectAssignment } from "@/lib/models/assignments";
import { ensureOwnSubmission } from "@/lib/models/submissions";
import { loadStudentWork } from "@/lib/submissions/work";
import { ensureBody } from "./schema";

export const dynamic = "force-dynamic";

/** Creates (or returns) the caller's submission for an assignment: the editor calls this on its first save. */
export const POST = handler({ access: { courseRoles: ALL_ROLES, courseFrom: "body" }, body: ensureBody }, async ({ body, authz }) => {
  const assignment = await selectAssignment({ authz, unsafeAssignmentId: body.assignmentId });
  const submission = await ensureOwnSubmission({ authz, assignment });
  return loadStudentWork({ assignment, submission });
});
