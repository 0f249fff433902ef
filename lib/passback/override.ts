import type { CourseAuthz } from "@/lib/auth/authz";
import type { RequestLike } from "@/lib/client-address";
import { badRequest, notFound } from "@/lib/errors";
import { parseScore } from "@/lib/grading/score-input";
import type { Assignment } from "@/lib/models/assignments";
import { insertAuditEvent } from "@/lib/models/audit-log";
import { updateSubmissionGrade, type ClearOverride, type OverrideGrade } from "@/lib/models/grades";
import { isUuid } from "@/lib/models/courses";
import { notifyGradeChanges } from "./notify";

/**
 * A staff member sets (or clears) a submission's override with a reason. The grade, its history entry, the audit
 * entry and the outbox row are written in one transaction, then delivery starts, exactly like an autograder grade.
 */
export async function overrideGrade({
  authz,
  assignment,
  unsafeSubmissionId,
  grade,
  req,
}: {
  authz: CourseAuthz;
  assignment: Assignment;
  unsafeSubmissionId: string;
  grade: OverrideGrade | ClearOverride;
  req?: RequestLike | null;
}) {
  if (!isUuid(unsafeSubmissionId)) throw notFound("No such submission.");
  const result = await updateSubmissionGrade({
    authz,
    submissionId: unsafeSubmissionId,
    grade,
    // Another assignment's submission rolls the whole override back.
    afterWrite: async (tx, { submission, oldScore }) => {
      if (submission.assignmentId !== assignment.id) throw notFound("No such submission.");
      await insertAuditEvent({
        authz,
        action: grade.kind === "override" ? "grade.override" : "grade.clear_override",
        subject: { type: "submission", id: submission.id },
        before: { score: oldScore },
        after: { ...grade, score: submission.score, assignmentId: assignment.id, studentUserId: submission.userId },
        req,
        tx,
      });
    },
  });
  if (result.outbox) await notifyGradeChanges([result.outbox]);
  return result;
}

/** An override typed into a form: the score text is parsed strictly (parseScore) against the assignment's points. */
export async function overrideGradeFromForm({
  authz,
  assignment,
  unsafeSubmissionId,
  scoreText,
  extraCredit,
  reason,
  req,
}: {
  authz: CourseAuthz;
  assignment: Assignment;
  unsafeSubmissionId: string;
  scoreText: string;
  extraCredit: boolean;
  reason: string;
  req?: RequestLike | null;
}) {
  const parsed = parseScore(scoreText, { points: assignment.points, extraCredit });
  if (!parsed.ok) throw badRequest(parsed.message, { score: [parsed.message] });
  return overrideGrade({ authz, assignment, unsafeSubmissionId, grade: { kind: "override", score: parsed.score, reason, extraCredit }, req });
}
