import type { CourseAuthz } from "@/lib/auth/authz";
import { notFound } from "@/lib/errors";
import type { Assignment } from "@/lib/models/assignments";
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
  const { outbox } = await updateSubmissionGrade({
    authz,
    submissionId: unsafeSubmissionId,
    grade: { kind: "override", score, reason },
    // Another assignment's submission rolls the whole override back.
    afterWrite: async (_tx, { submission }) => {
      if (submission.assignmentId !== assignment.id) throw notFound("No such submission.");
    },
  });
  if (outbox) await notifyGradeChanges([outbox]);
}
