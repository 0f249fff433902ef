import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { selectBatchProgress } from "@/lib/models/grade-sync";

export const dynamic = "force-dynamic";

/** Progress of a staff "resend all" batch (polled by the grade-sync page). */
export const GET = handler(
  { access: { courseRoles: STAFF_ROLES }, params: z.object({ courseId: z.string(), batchId: z.uuid() }) },
  async ({ authz, params }) => selectBatchProgress({ authz, batchId: params.batchId }),
);
