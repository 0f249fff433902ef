import { apiRoute } from "@/lib/api/v1/contract";
import { putGrade } from "@/lib/api/v1/routes";
import { badRequest } from "@/lib/errors";
import { checkScore } from "@/lib/grading/score-input";
import { selectAssignment } from "@/lib/models/assignments";
import { selectCourseSubmission } from "@/lib/models/course-submissions";
import { overrideGrade } from "@/lib/passback/override";

export const dynamic = "force-dynamic";

/** A staff override, exactly as the grading page makes one: audited, in the grade history, through the outbox. */
export const PUT = apiRoute(putGrade, async ({ authz, params, body, req }) => {
  const submission = await selectCourseSubmission({ authz, unsafeSubmissionId: params.submissionId });
  const assignment = await selectAssignment({ authz, unsafeAssignmentId: submission.assignmentId });
  const parsed = checkScore(body.score, { points: assignment.points, extraCredit: body.extraCredit });
  if (!parsed.ok) throw badRequest(parsed.message, { score: [parsed.message] });
  const result = await overrideGrade({
    authz,
    assignment,
    unsafeSubmissionId: submission.id,
    grade: { kind: "override", score: parsed.score, reason: body.reason, extraCredit: body.extraCredit },
    req,
  });
  return { submissionId: submission.id, score: result.submission.score, passback: result.outbox ? ("queued" as const) : ("not_linked" as const) };
});
