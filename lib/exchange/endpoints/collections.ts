import { selectOptionalExchangeAssignment, selectOptionalLatestRelease } from "@/lib/models/exchange-assignments";
import {
  ensureExchangeUsers,
  selectCourseMemberIds,
  selectLmsUserIds,
  selectOptionalExchangeUserByUsername,
} from "@/lib/models/exchange-members";
import { insertExchangeActions, selectExchangeSubmissions, selectOptionalExchangeSubmission } from "@/lib/models/exchange-work";
import { exchangePaths, gzipFileResponse } from "../files";
import { failure, notInstructor, okList, resolveExchangeCourse, type ExchangeParams } from "../http";
import type { ExchangeCaller } from "../types";

type Ctx = { req: Request; caller: ExchangeCaller; params: ExchangeParams };

/**
 * GET collections (nbgrader `collect`, step 1): every stored submission of the assignment, optionally of one
 * student (`user_id` = their exchange username). Staff only. Nothing submitted yet (or no such assignment, or an
 * unknown student) is a successful empty list: the plugin treats `success: false` as a hard error here.
 */
export async function listCollections({ caller, params }: Ctx): Promise<Response> {
  const code = params.get("course_id");
  const assignmentCode = params.get("assignment_id");
  if (!code || !assignmentCode) return failure("Collections call requires both a course code and an assignment code", { list: true });
  const resolved = await resolveExchangeCourse(caller, code);
  if (resolved.kind === "refused") return failure(resolved.note, { list: true });
  const { authz } = resolved;
  if (!authz.staff) return failure(notInstructor(code), { list: true });
  const assignment = await selectOptionalExchangeAssignment({ authz, code: assignmentCode });
  if (!assignment?.active) return okList([]);
  const username = params.get("user_id");
  let userId: string | undefined;
  if (username !== null) {
    const member = await selectOptionalExchangeUserByUsername({ username, userIds: await selectCourseMemberIds({ courseId: authz.course.id }) });
    if (!member) return okList([]);
    userId = member.userId;
  }
  const submissions = await selectExchangeSubmissions({ authz, exchangeAssignment: assignment, userId });
  const release = await selectOptionalLatestRelease({ exchangeAssignment: assignment });
  const notebooks = (release?.notebooks ?? []).map((name) => ({ notebook_id: name }));
  const exchangeUsers = await ensureExchangeUsers({ users: submissions.map((s) => s.student) });
  const lmsIds = await selectLmsUserIds({ userIds: [...new Set(submissions.map((s) => s.userId))] });
  return okList(
    submissions.map((s) => ({
      student_id: exchangeUsers.get(s.userId)!.username,
      full_name: s.student.name ?? "",
      email: s.student.email,
      lms_user_id: lmsIds.get(s.userId) ?? null,
      assignment_id: assignmentCode,
      course_id: code,
      status: "submitted",
      path: exchangePaths.submission(s.id),
      notebooks,
      timestamp: s.timestamp,
    })),
  );
}

/**
 * GET collection (nbgrader `collect`, step 2): one submission as gzip, by the `path` `collections` returned. Staff
 * only; the path must name a submission of this assignment in this course (nbexchange matched any action's file in
 * the course and answered an empty gzip for a miss).
 */
export async function downloadCollection({ req, caller, params }: Ctx): Promise<Response> {
  const code = params.get("course_id");
  const assignmentCode = params.get("assignment_id");
  const path = params.get("path");
  if (!code || !assignmentCode || !path) return failure("Collection call requires a course code, an assignment code, and a path");
  const resolved = await resolveExchangeCourse(caller, code);
  if (resolved.kind === "refused") return failure(resolved.note);
  const { authz } = resolved;
  if (!authz.staff) return failure(notInstructor(code));
  const assignment = await selectOptionalExchangeAssignment({ authz, code: assignmentCode });
  const submissionId = exchangePaths.submissionIdFrom(path);
  const submission =
    assignment?.active && submissionId ? await selectOptionalExchangeSubmission({ authz, exchangeAssignment: assignment, unsafeSubmissionId: submissionId }) : null;
  if (!assignment || !submission?.storageKey) return failure(`No submission of ${assignmentCode} in ${code} at path ${path}`);
  const response = await gzipFileResponse(req, { key: submission.storageKey, sha256: submission.sha256 });
  await insertExchangeActions({ authz, actions: [{ exchangeAssignment: assignment, action: "collected", submissionId: submission.id }] });
  return response;
}
