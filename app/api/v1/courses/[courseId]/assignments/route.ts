import { apiRoute } from "@/lib/api/v1/contract";
import { listAssignments } from "@/lib/api/v1/routes";
import { assignmentShape } from "@/lib/api/v1/shapes";
import { selectAssignments } from "@/lib/models/assignments";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listAssignments, async ({ authz }) => ({ items: (await selectAssignments({ authz })).map(assignmentShape) }));
