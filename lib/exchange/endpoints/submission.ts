import { env } from "@/lib/env";
import { selectOptionalReleasedAssignment } from "@/lib/models/exchange-assignments";
import { insertExchangeSubmission } from "@/lib/models/exchange-work";
import { deleteExchangeFiles, exchangeKeys, newFileId } from "../files";
import { okNote, resolveExchangeCourse, type ExchangeParams } from "../http";
import { formatNbgraderTimestamp, parseNbgraderTimestamp, type NbgraderTimestamp } from "../timestamps";
import type { ExchangeAuthz, ExchangeCaller } from "../types";
import { receiveUpload, type FormFields } from "../upload";
import { refusalOf, uploadFailure, type Refusal } from "./upload-failures";

type Ctx = { req: Request; caller: ExchangeCaller; params: ExchangeParams };
type Target = { authz: ExchangeAuthz; released: NonNullable<Awaited<ReturnType<typeof selectOptionalReleasedAssignment>>>; timestamp: NbgraderTimestamp };

/**
 * POST submission (nbgrader `submit`): multipart file field `assignment` (the student's tarball with its
 * `timestamp.txt`), `timestamp` = nbgrader's submission time. Any member of the course may submit to a released
 * assignment, as in nbexchange. A missing timestamp means now; an unreadable one is refused (nbexchange: 500).
 */
export async function submitAssignment({ req, caller, params }: Ctx): Promise<Response> {
  const submissionId = newFileId();
  let target: Target | null = null;
  const check = async (fields: FormFields): Promise<string | Target> => {
    const p = params.with(fields);
    const code = p.get("course_id");
    const assignmentCode = p.get("assignment_id");
    if (!code || !assignmentCode) return "Submission call requires a course code and an assignment code";
    const resolved = await resolveExchangeCourse(caller, code);
    if (resolved.kind === "refused") return resolved.note;
    const released = await selectOptionalReleasedAssignment({ authz: resolved.authz, code: assignmentCode });
    if (!released) return `User not fetched assignment ${assignmentCode}`;
    const raw = p.get("timestamp");
    const timestamp = raw === null ? parseNbgraderTimestamp(formatNbgraderTimestamp(new Date())) : parseNbgraderTimestamp(raw);
    if (!timestamp) return `Submission timestamp '${raw}' is not a timestamp nbgrader writes (e.g. 2026-01-02 03:04:05.123456 UTC)`;
    return { authz: resolved.authz, released, timestamp };
  };
  const outcome = await receiveUpload<Refusal>(req, {
    fileField: "assignment",
    maxBytes: env().EXCHANGE_MAX_UPLOAD_BYTES,
    contentType: "application/gzip",
    accept: async (fields) => {
      const checked = await check(fields);
      if (typeof checked === "string") return { refusal: checked };
      target = checked;
      return { key: exchangeKeys.submission(checked.authz.course.id, submissionId) };
    },
  });
  if (outcome.kind !== "stored") return uploadFailure(outcome, "assignment", async (f) => refusalOf(await check(f)));
  const { authz, released, timestamp } = target!;
  try {
    await insertExchangeSubmission({ authz, exchangeAssignment: released.assignment, submissionId, timestamp, object: outcome.object });
  } catch (error) {
    await deleteExchangeFiles([outcome.object.key]);
    throw error;
  }
  return okNote("Submitted");
}
