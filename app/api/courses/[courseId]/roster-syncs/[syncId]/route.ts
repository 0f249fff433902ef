import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { selectRosterSync } from "@/lib/models/roster-syncs";

export const dynamic = "force-dynamic";

/** Progress of one roster sync (polled by the roster page). */
export const GET = handler(
  { access: { courseRoles: STAFF_ROLES }, params: z.object({ courseId: z.string(), syncId: z.string() }) },
  async ({ authz, params }) => {
    const sync = await selectRosterSync({ authz, unsafeSyncId: params.syncId });
    return { id: sync.id, status: sync.status, stats: sync.stats, error: sync.error, finishedAt: sync.finishedAt };
  },
);
