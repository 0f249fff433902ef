"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { notifyRosterSyncsQueued } from "@/inngest/roster";
import { action } from "@/lib/auth/action";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { insertAuditEvent } from "@/lib/models/audit-log";
import { requestRosterSync } from "@/lib/roster/sync";

/** "Sync roster now": one queued sync per LMS context of the course (an already queued or running one is reused). */
export const syncRosterAction = action({ access: { courseRoles: STAFF_ROLES }, schema: z.object({ courseId: z.string() }) }, async (_input, { authz }) => {
  const syncs = await requestRosterSync({ authz });
  await insertAuditEvent({ authz, action: "roster.sync", subject: { type: "course", id: authz.course.id }, after: { syncs: syncs.map((s) => s.id) }, req: await headers() });
  notifyRosterSyncsQueued(syncs);
  revalidatePath(`/courses/${authz.course.id}/roster`);
  return { ok: true, message: "Roster sync started." };
});
