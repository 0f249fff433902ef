"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/auth/action";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { badRequest } from "@/lib/errors";
import { selectAssignment } from "@/lib/models/assignments";
import { insertAuditEvent } from "@/lib/models/audit-log";
import { deleteCodeComment, insertCodeComment, updateCodeCommentBody, updateCodeCommentResolved } from "@/lib/models/code-comments";
import { selectCourseSubmission } from "@/lib/models/staff-work";
import { overrideGrade, overrideGradeFromForm } from "@/lib/passback/override";

const int = (label: string) => z.coerce.number({ message: `${label} must be a number.` }).int(`${label} must be a whole number.`).min(1).max(1_000_000);

const add = z.object({
  courseId: z.string(),
  submissionId: z.string(),
  version: int("Version"),
  fileName: z.string().min(1).max(255),
  startLine: int("The first line"),
  endLine: int("The last line"),
  body: z.string().max(20_000),
});

/** Staff comment on lines of a saved version (markdown, sanitized when shown). */
export const addCommentAction = action({ access: { courseRoles: STAFF_ROLES }, schema: add }, async (input, { authz }) => {
  const submission = await selectCourseSubmission({ authz, unsafeSubmissionId: input.submissionId });
  const comment = await insertCodeComment({ authz, submission, version: input.version, fileName: input.fileName, startLine: input.startLine, endLine: input.endLine, body: input.body });
  await insertAuditEvent({ authz, action: "comment.create", subject: { type: "code_comment", id: comment.id }, after: { submissionId: submission.id, version: comment.version, lines: [comment.startLine, comment.endLine] }, req: await headers() });
  revalidatePath(`/courses/${authz.course.id}/assignments/${submission.assignmentId}/students/${submission.userId}`);
  return { ok: true, message: `Comment added on line${comment.startLine === comment.endLine ? ` ${comment.startLine}` : `s ${comment.startLine}–${comment.endLine}`}.` };
});

const change = z.object({ courseId: z.string(), submissionId: z.string(), commentId: z.string(), intent: z.string(), body: z.string().max(20_000).optional() });

/** Edit, resolve, reopen or delete a comment (one form, several buttons: an unknown intent is a 400). */
export const changeCommentAction = action({ access: { courseRoles: STAFF_ROLES }, schema: change }, async (input, { authz }) => {
  const submission = await selectCourseSubmission({ authz, unsafeSubmissionId: input.submissionId });
  const target = { authz, submission, unsafeCommentId: input.commentId };
  let message: string;
  if (input.intent === "edit") {
    const { before, after } = await updateCodeCommentBody({ ...target, body: input.body ?? "" });
    await insertAuditEvent({ authz, action: "comment.edit", subject: { type: "code_comment", id: after.id }, before: { body: before.body }, after: { body: after.body }, req: await headers() });
    message = "Comment saved.";
  } else if (input.intent === "resolve" || input.intent === "reopen") {
    await updateCodeCommentResolved({ ...target, resolved: input.intent === "resolve" });
    message = input.intent === "resolve" ? "Comment resolved." : "Comment reopened.";
  } else if (input.intent === "delete") {
    const row = await deleteCodeComment(target);
    await insertAuditEvent({ authz, action: "comment.delete", subject: { type: "code_comment", id: row.id }, before: { body: row.body }, req: await headers() });
    message = "Comment deleted.";
  } else {
    throw badRequest(`Unknown action "${input.intent}".`);
  }
  revalidatePath(`/courses/${authz.course.id}/assignments/${submission.assignmentId}/students/${submission.userId}`);
  return { ok: true, message };
});

const grade = z.object({
  courseId: z.string(),
  assignmentId: z.string(),
  submissionId: z.string(),
  intent: z.string(),
  score: z.string().max(50).optional(),
  extraCredit: z.literal("on").optional(),
  reason: z.string().trim().min(3, "Say why the grade changes (at least 3 characters).").max(500),
});

/** Set or clear a staff override (it stays through resubmissions until cleared; the LMS gets the counting grade). */
export const gradeAction = action({ access: { courseRoles: STAFF_ROLES }, schema: grade }, async (input, { authz }) => {
  const assignment = await selectAssignment({ authz, unsafeAssignmentId: input.assignmentId });
  const req = await headers();
  if (input.intent === "override") {
    await overrideGradeFromForm({ authz, assignment, unsafeSubmissionId: input.submissionId, scoreText: input.score ?? "", extraCredit: input.extraCredit === "on", reason: input.reason, req });
  } else if (input.intent === "clear") {
    await overrideGrade({ authz, assignment, unsafeSubmissionId: input.submissionId, grade: { kind: "clear_override", reason: input.reason }, req });
  } else {
    throw badRequest(`Unknown action "${input.intent}".`);
  }
  revalidatePath(`/courses/${authz.course.id}/assignments/${assignment.id}/students`, "layout");
  return { ok: true, message: input.intent === "override" ? "Grade changed; it stays until staff clear it, and it is on its way to the LMS." : "Override cleared; the autograder's score counts again." };
});
