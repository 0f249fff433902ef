import { afterIdFrom, apiRoute, idCursor } from "@/lib/api/v1/contract";
import { listGrades } from "@/lib/api/v1/routes";
import { gradeShape } from "@/lib/api/v1/shapes";
import { selectAssignment } from "@/lib/models/assignments";
import { selectAssignmentSubmissions } from "@/lib/models/course-submissions";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listGrades, async ({ authz, params, query }) => {
  const assignment = await selectAssignment({ authz, unsafeAssignmentId: params.assignmentId });
  const rows = await selectAssignmentSubmissions({ authz, assignment, afterId: afterIdFrom(query.cursor), limit: query.limit + 1 });
  const items = rows.slice(0, query.limit);
  return { items: items.map((r) => gradeShape(r, assignment.points)), nextCursor: idCursor(items.at(-1)?.id, rows.length > query.limit) };
});
