import { apiRoute } from "@/lib/api/v1/contract";
import { listGradeSync } from "@/lib/api/v1/routes";
import { gradeSyncShape } from "@/lib/api/v1/shapes";
import { selectAssignment } from "@/lib/models/assignments";
import { selectGradeSyncRows } from "@/lib/models/grade-sync";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listGradeSync, async ({ authz, params }) => {
  const assignment = await selectAssignment({ authz, unsafeAssignmentId: params.assignmentId });
  return { items: (await selectGradeSyncRows({ authz, assignment })).map(gradeSyncShape) };
});
