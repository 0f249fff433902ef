"use server";

import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/auth/action";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { badRequest } from "@/lib/errors";
import { selectAssignment } from "@/lib/models/assignments";
import { insertAuditEvent } from "@/lib/models/audit-log";
import { insertResendBatch, requeueFailedForAssignment } from "@/lib/models/grade-sync";
import { overrideGradeFromForm } from "@/lib/passback/override";
import { notifyGradeChanges } from "@/lib/passback/notify";

const base = z.object({ courseId: z.string(), assignmentId: z.string() });
const bulk = base.extend({ intent: z.string() });

/** Retry failed / resend all (one form, two buttons: an unknown intent is a 400, house style rule 13). */
export const syncAction = action({ access: { courseRoles: STAFF_ROLES }, schema: bulk }, async (input, { authz }) => {
  const assignment = await selectAssignment({ authz, unsafeAssignmentId: input.assignmentId });
  const page = `/courses/${authz.course.id}/grade-sync/${assignment.id}`;
  if (input.intent === "retry_failed") {
    const rows = await requeueFailedForAssignment({ authz, assignment });
    await insertAuditEvent({
      authz,
      action: "grades.retry_failed",
      subject: { type: "assignment", id: assignment.id },
      after: { requeued: rows.length },
      req: await headers(),
    });
    await notifyGradeChanges(rows);
    revalidatePath(page);
    const count = rows.length;
    return { ok: true, message: count === 0 ? "Nothing to retry." : `Retrying ${count} grade${count === 1 ? "" : "s"}.` };
  }
  if (input.intent === "resend_all") {
    const batchId = randomUUID();
    const rows = await insertResendBatch({ authz, assignment, batchId });
    await insertAuditEvent({
      authz,
      action: "grades.resend_all",
      subject: { type: "assignment", id: assignment.id },
      after: { batchId, grades: rows.length },
      req: await headers(),
    });
    await notifyGradeChanges(rows);
    redirect(`${page}?batch=${batchId}`);
  }
  throw badRequest(`Unknown action "${input.intent}".`);
});

const override = base.extend({
  submissionId: z.string(),
  score: z.string().max(50),
  extraCredit: z.literal("on").optional(),
  reason: z.string().trim().min(3, "Say why the grade changes (at least 3 characters).").max(500),
});

/** A staff grade override: recorded in the grade history and passed back to the LMS like any grade. */
export const overrideAction = action({ access: { courseRoles: STAFF_ROLES }, schema: override }, async (input, { authz }) => {
  const assignment = await selectAssignment({ authz, unsafeAssignmentId: input.assignmentId });
  await overrideGradeFromForm({
    authz,
    assignment,
    unsafeSubmissionId: input.submissionId,
    scoreText: input.score,
    extraCredit: input.extraCredit === "on",
    reason: input.reason,
    req: await headers(),
  });
  revalidatePath(`/courses/${authz.course.id}/grade-sync/${assignment.id}`);
  return { ok: true, message: "Grade changed; it is on its way to the LMS." };
});
