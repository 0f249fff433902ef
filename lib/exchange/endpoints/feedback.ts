import { createHash } from "node:crypto";
import { env } from "@/lib/env";
import { selectOptionalExchangeAssignment, selectOptionalReleasedAssignment } from "@/lib/models/exchange-assignments";
import { selectCourseMemberIds, selectOptionalExchangeUserByUsername } from "@/lib/models/exchange-members";
import {
  insertExchangeActions,
  insertExchangeFeedback,
  selectLatestFeedback,
  selectOptionalSubmissionAt,
  selectOwnExchangeSubmissions,
  type ExchangeSubmission,
} from "@/lib/models/exchange-work";
import { storage } from "@/lib/storage";
import { deleteExchangeFiles, exchangeKeys, newFileId } from "../files";
import { failure, notInstructor, okNote, resolveExchangeCourse, type ExchangeParams } from "../http";
import { parseNbgraderTimestamp } from "../timestamps";
import type { ExchangeAuthz, ExchangeCaller } from "../types";
import { receiveUpload, type FormFields } from "../upload";
import { refusalOf, uploadFailure, type Refusal } from "./upload-failures";

type Ctx = { req: Request; caller: ExchangeCaller; params: ExchangeParams };
type Released = NonNullable<Awaited<ReturnType<typeof selectOptionalReleasedAssignment>>>;
type Target = { authz: ExchangeAuthz; released: Released; submission: ExchangeSubmission; notebook: string; checksum: string };

const notFound = (note: string) => failure(note, { status: 404 });

/**
 * POST feedback (nbgrader `release_feedback`, once per student and notebook): multipart file field `feedback` (the
 * notebook's HTML), with `notebook`, `student` (exchange username), `timestamp` (the submission's) and `checksum`.
 * Staff only. The feedback is tied to the one submission the student made at that instant, by its id: a timestamp
 * naming no submission is refused (nbexchange stored it and matched it by string later), as are an unknown
 * notebook or student (404, as nbexchange).
 */
export async function releaseFeedback({ req, caller, params }: Ctx): Promise<Response> {
  const feedbackId = newFileId();
  let target: Target | null = null;
  const check = async (fields: FormFields): Promise<Refusal | Target> => {
    const p = params.with(fields);
    const [code, assignmentCode, notebook, student, rawTimestamp, checksum] = ["course_id", "assignment_id", "notebook", "student", "timestamp", "checksum"].map((n) => p.get(n));
    if (!code || !assignmentCode || !notebook || !student || !rawTimestamp || !checksum) {
      return "Feedback call requires a course id, assignment id, notebook name, student id, checksum and timestamp.";
    }
    const resolved = await resolveExchangeCourse(caller, code);
    if (resolved.kind === "refused") return resolved.note;
    const { authz } = resolved;
    if (!authz.staff) return notInstructor(code);
    const released = await selectOptionalReleasedAssignment({ authz, code: assignmentCode });
    if (!released) return notFound(`Assignment ${assignmentCode} does not exist`);
    if (!released.release.notebooks.includes(notebook)) return notFound(`Notebook ${notebook} is not part of assignment ${assignmentCode}`);
    const member = await selectOptionalExchangeUserByUsername({ username: student, userIds: await selectCourseMemberIds({ courseId: authz.course.id }) });
    if (!member) return notFound(`Student ${student} is not in course ${code}`);
    const timestamp = parseNbgraderTimestamp(rawTimestamp);
    if (!timestamp) return `Feedback timestamp '${rawTimestamp}' is not a timestamp nbgrader writes`;
    const submission = await selectOptionalSubmissionAt({ exchangeAssignment: released.assignment, userId: member.userId, timestamp });
    if (!submission) return notFound(`Student ${student} has no submission of ${assignmentCode} at ${timestamp.text}`);
    return { authz, released, submission, notebook, checksum };
  };
  const outcome = await receiveUpload<Refusal>(req, {
    fileField: "feedback",
    maxBytes: env().EXCHANGE_MAX_UPLOAD_BYTES,
    contentType: "text/html; charset=utf-8",
    accept: async (fields) => {
      const checked = await check(fields);
      const refusal = refusalOf(checked);
      if (refusal) return { refusal };
      target = checked as Target;
      return { key: exchangeKeys.feedback((checked as Target).authz.course.id, feedbackId) };
    },
  });
  if (outcome.kind !== "stored") return uploadFailure(outcome, "feedback", async (f) => refusalOf(await check(f)));
  const { authz, released, submission, notebook, checksum } = target!;
  try {
    await insertExchangeFeedback({ authz, exchangeAssignment: released.assignment, submission, feedbackId, notebook, checksum, object: outcome.object });
  } catch (error) {
    await deleteExchangeFiles([outcome.object.key]);
    throw error;
  }
  return okNote("Feedback released");
}

/** A stored file read whole and checked against its recorded checksum (feedback HTML travels base64 in JSON). */
async function readChecked(key: string, sha256: string): Promise<Buffer> {
  const { body } = await storage().openRead(key);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  if (createHash("sha256").update(bytes).digest("hex") !== sha256) throw new Error(`exchange file does not match its checksum: ${key}`);
  return bytes;
}

/**
 * GET feedback (nbgrader `fetch_feedback`): the caller's own feedback for the assignment, newest per submission and
 * notebook, as `{"success": true, "feedback": [{content (base64 HTML), filename, timestamp, checksum}]}` — key
 * `feedback`, not `value` — where `timestamp` is the submission's, so nbgrader files it next to that submission.
 */
export async function fetchFeedback({ caller, params }: Ctx): Promise<Response> {
  const code = params.get("course_id");
  const assignmentCode = params.get("assignment_id");
  if (!code || !assignmentCode) return failure("Feedback call requires an assignment id and a course id");
  const resolved = await resolveExchangeCourse(caller, code);
  if (resolved.kind === "refused") return failure(resolved.note);
  const { authz } = resolved;
  const assignment = await selectOptionalExchangeAssignment({ authz, code: assignmentCode });
  if (!assignment?.active) return notFound(`Assignment ${assignmentCode} does not exist`);
  const submissions = await selectOwnExchangeSubmissions({ authz, exchangeAssignment: assignment });
  const byId = new Map(submissions.map((s) => [s.id, s]));
  const rows = await selectLatestFeedback({ submissionIds: submissions.map((s) => s.id) });
  const feedback = [];
  for (const row of rows) {
    if (!row.storageKey) continue;
    const content = await readChecked(row.storageKey, row.sha256);
    feedback.push({ content: content.toString("base64"), filename: `${row.notebook}.html`, timestamp: byId.get(row.submissionId)!.timestamp, checksum: row.checksum });
  }
  await insertExchangeActions({
    authz,
    actions: rows.map((row) => ({ exchangeAssignment: assignment, action: "feedback_fetched" as const, submissionId: row.submissionId, feedbackId: row.id })),
  });
  return Response.json({ success: true, feedback }, { headers: { "cache-control": "no-store" } });
}
