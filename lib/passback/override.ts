import type { CourseAuthz } from "@/lib/auth/authz";
import { notFound } from "@/lib/errors";
import type { Assignment } from "@/lib/models/assignments";
import { insertGradeOutboxRow, type OutboxRow } from "@/lib/models/grade-outbox";
import { updateSubmissionGrade } from "@/lib/models/grades";
import { isUuid } from "@/lib/models/courses";
import { notifyGradeChanges } from "./notify";

/**
 * A staff member sets a submission's score with a reason. The grade, its history entry and the outbox row are
 * written in one transaction, then delivery starts, exactly like an autograder grade.
 */
export async function overrideGrade({
  authz,
  assignment,
  unsafeSubmissionId,
  score,
  reason,
}: {
  authz: CourseAuthz;
  assignment: Assignment;
  unsafeSubmissionId: string;
  score: number;
  reason: string;
}): Promise<void> {
  if (!isUuid(unsafeSubmissionId)) throw notFound("No such submission.");
  let queued: OutboxRow | undefined;
  await updateSubmissionGrade({
    authz,
    submissionId: unsafeSubmissionId,
    grade: { kind: "override", score, reason },
    afterWrite: async (tx, { submission, changedAt }) => {
      // Another assignment's submission rolls the whole override back.
      if (submission.assignmentId !== assignment.id) throw notFound("No such submission.");
      queued = await insertGradeOutboxRow(tx, {
        submissionId: submission.id,
        scoreGiven: submission.score,
        scoreMaximum: assignment.points,
        changedAt,
      });
    },
  });
  if (queued) await notifyGradeChanges([queued]);
}
