import type { CourseAuthz } from "@/lib/auth/authz";
import type { RequestLike } from "@/lib/client-address";
import { notFound } from "@/lib/errors";
import type { Assignment } from "@/lib/models/assignments";
import { insertAuditEvent } from "@/lib/models/audit-log";
import { updateSubmissionGrade } from "@/lib/models/grades";
import { isUuid } from "@/lib/models/courses";
import { notifyGradeChanges } from "./notify";

/**
 * A staff member sets a submission's score with a reason. The grade, its history entry, the audit entry and the
 * outbox row are written in one transaction, then delivery starts, exactly like an autograder grade.
 */
export async function overrideGrade({
  authz,
  assignment,
  unsafeSubmissionId,
  score,
  reason,
  req,
}: {
  authz: CourseAuthz;
  assignment: Assignment;
  unsafeSubmissionId: string;
  score: number;
  reason: string;
  req?: RequestLike;
}): Promise<void> {
  if (!isUuid(unsafeSubmissionId)) throw notFound("No such submission.");
  const { outbox } = await updateSubmissionGrade({
    authz,
    submissionId: unsafeSubmissionId,
    grade: { kind: "override", score, reason },
    // Another assignment's submission rolls the whole override back.
    afterWrite: async (tx, { submission, oldScore }) => {
      if (submission.assignmentId !== assignment.id) throw notFound("No such submission.");
      await insertAuditEvent({
        authz,
        action: "grade.override",
        subject: { type: "submission", id: submission.id },
        before: { score: oldScore },
        after: { score: submission.score, reason, assignmentId: assignment.id, studentUserId: submission.userId },
        req,
        tx,
      });
    },
  });
  if (outbox) await notifyGradeChanges([outbox]);
}
