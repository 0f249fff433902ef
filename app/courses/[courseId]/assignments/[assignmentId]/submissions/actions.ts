"use server";

import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/lib/auth/action";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { badRequest, notFound } from "@/lib/errors";
import { notifyGradingQueued } from "@/lib/grading/enqueue";
import { selectAssignment } from "@/lib/models/assignments";
import { insertAuditEvent } from "@/lib/models/audit-log";
import { insertResendBatch } from "@/lib/models/grade-sync";
import { insertRegradeJobs } from "@/lib/models/grading-jobs";
import { selectCourseMember } from "@/lib/models/staff-work";
import { notifyGradeChanges } from "@/lib/passback/notify";
import { GRANTERS, grantExtensions, grantSchema } from "../../../extensions/grant";

const bulk = grantSchema.extend({ assignmentId: z.string().max(100), intent: z.string().max(40) });

/**
 * Bulk actions on the chosen rows of an assignment's submissions table: extend (instructors and TAs), regrade the
 * latest submitted version (bulk priority), resend the counting grade to the LMS. One form, three buttons: an
 * unknown intent is a 400 (house style rule 13). Each is audited with the students it touched.
 */
export const bulkSubmissionsAction = action({ access: { courseRoles: STAFF_ROLES }, schema: bulk, arrays: ["userIds"] }, async (input, { authz }) => {
  const assignment = await selectAssignment({ authz, unsafeAssignmentId: input.assignmentId });
  if (!["extend", "regrade", "resend"].includes(input.intent)) throw badRequest(`Unknown action "${input.intent}".`);
  if (input.userIds.length === 0) return { message: "Choose at least one student first." };
  if (input.intent === "extend") {
    if (!GRANTERS.includes(authz.role)) throw notFound();
    return grantExtensions({ ...input, assignmentId: assignment.id }, authz);
  }
  const members = await Promise.all([...new Set(input.userIds)].map((id) => selectCourseMember({ authz, unsafeUserId: id })));
  const userIds = members.map((m) => m.userId);
  const page = `/courses/${authz.course.id}/assignments/${assignment.id}/submissions`;
  if (input.intent === "regrade") {
    const { queued } = await insertRegradeJobs({ authz, assignment, userIds });
    if (queued > 0) notifyGradingQueued();
    await insertAuditEvent({ authz, action: "submission.regrade", subject: { type: "assignment", id: assignment.id }, after: { userIds, queued }, req: await headers() });
    revalidatePath(page);
    return { ok: true, message: queued === 0 ? "Nothing to regrade: none of them has submitted (or a regrade is already waiting)." : `Regrading ${queued} submission${queued === 1 ? "" : "s"}.` };
  }
  const batchId = randomUUID();
  const rows = await insertResendBatch({ authz, assignment, batchId, userIds });
  await insertAuditEvent({ authz, action: "grades.resend", subject: { type: "assignment", id: assignment.id }, after: { batchId, userIds, grades: rows.length }, req: await headers() });
  await notifyGradeChanges(rows);
  if (rows.length === 0) return { message: "Nothing to resend: none of them has a grade yet." };
  redirect(`/courses/${authz.course.id}/grade-sync/${assignment.id}?batch=${batchId}`);
});
