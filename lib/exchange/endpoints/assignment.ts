import { env } from "@/lib/env";
import { log } from "@/lib/log";
import {
  insertRelease,
  selectOptionalExchangeAssignment,
  selectOptionalReleasedAssignment,
  updateExchangeAssignmentUnreleased,
} from "@/lib/models/exchange-assignments";
import { updateExchangeAssignmentPurged } from "@/lib/models/exchange-history";
import { insertExchangeActions } from "@/lib/models/exchange-work";
import { deleteExchangeFiles, exchangeKeys, gzipFileResponse, newFileId } from "../files";
import { failure, notInstructor, okNote, resolveExchangeCourse, type ExchangeParams } from "../http";
import type { ExchangeAuthz, ExchangeCaller } from "../types";
import { receiveUpload, type FormFields } from "../upload";
import { refusalOf, uploadFailure, type Refusal } from "./upload-failures";

type Ctx = { req: Request; caller: ExchangeCaller; params: ExchangeParams };

/** GET assignment: fetch the newest release as a gzip tarball (nbgrader `fetch_assignment`). Any member may fetch. */
export async function fetchAssignment({ req, caller, params }: Ctx): Promise<Response> {
  const code = params.get("course_id");
  const assignmentCode = params.get("assignment_id");
  if (!code || !assignmentCode) return failure("Assigment call requires both a course code and an assignment code!!");
  const resolved = await resolveExchangeCourse(caller, code);
  if (resolved.kind === "refused") return failure(resolved.note);
  const released = await selectOptionalReleasedAssignment({ authz: resolved.authz, code: assignmentCode });
  if (!released || !released.release.storageKey) return failure(`Assignment ${assignmentCode} does not exist`);
  const response = await gzipFileResponse(req, { key: released.release.storageKey, sha256: released.release.sha256 });
  await insertExchangeActions({
    authz: resolved.authz,
    actions: [{ exchangeAssignment: released.assignment, action: "fetched", releaseId: released.release.id }],
  });
  return response;
}

/**
 * POST assignment: release (nbgrader `release_assignment`). Multipart file field `assignment`, repeated
 * `notebooks` (query or form). Staff only. The refusals happen before a byte is stored.
 */
export async function releaseAssignment({ req, caller, params }: Ctx): Promise<Response> {
  const releaseId = newFileId();
  let target: { authz: ExchangeAuthz; code: string } | null = null;
  const check = async (fields: FormFields): Promise<string | { authz: ExchangeAuthz; code: string }> => {
    const p = params.with(fields);
    const code = p.get("course_id");
    const assignmentCode = p.get("assignment_id");
    if (!code || !assignmentCode) return "Posting an Assigment requires a course code and an assignment code";
    const resolved = await resolveExchangeCourse(caller, code);
    if (resolved.kind === "refused") return resolved.note;
    if (!resolved.authz.staff) return notInstructor(code);
    return { authz: resolved.authz, code: assignmentCode };
  };
  const outcome = await receiveUpload<Refusal>(req, {
    fileField: "assignment",
    maxBytes: env().EXCHANGE_MAX_UPLOAD_BYTES,
    contentType: "application/gzip",
    accept: async (fields) => {
      const checked = await check(fields);
      if (typeof checked === "string") return { refusal: checked };
      target = checked;
      return { key: exchangeKeys.release(checked.authz.course.id, releaseId) };
    },
  });
  if (outcome.kind !== "stored") return uploadFailure(outcome, "assignment", async (f) => refusalOf(await check(f)));
  const { authz, code } = target!;
  try {
    await insertRelease({ authz, code, releaseId, notebooks: params.with(outcome.fields).all("notebooks"), object: outcome.object });
  } catch (error) {
    await deleteExchangeFiles([outcome.object.key]);
    throw error;
  }
  return okNote("Released");
}

/** Values of `purge` that mean "no" (nbexchange purged on any non-empty value, `purge=False` included). */
const NO = new Set(["false", "0", "no", "off"]);

/**
 * DELETE assignment: unrelease (nbgrader `list --remove`), or with `purge` delete it and its files for good. Any
 * staff member of the course may. A purge also works on an assignment that was already unreleased.
 */
export async function unreleaseAssignment({ caller, params }: Ctx): Promise<Response> {
  const code = params.get("course_id");
  const assignmentCode = params.get("assignment_id");
  if (!code || !assignmentCode) return failure("Unreleasing an Assigment requires a course code and an assignment code");
  const resolved = await resolveExchangeCourse(caller, code);
  if (resolved.kind === "refused") return failure(resolved.note);
  if (!resolved.authz.staff) return failure(notInstructor(code));
  const purgeValue = params.get("purge");
  const purge = purgeValue !== null && !NO.has(purgeValue.trim().toLowerCase());
  const assignment = await selectOptionalExchangeAssignment({ authz: resolved.authz, code: assignmentCode });
  if (!assignment || (!purge && !assignment.active)) return failure(`Missing assignment for ${assignmentCode} and ${code}, cannot delete`);
  if (!purge) {
    await updateExchangeAssignmentUnreleased({ authz: resolved.authz, exchangeAssignment: assignment });
    return okNote(`Assignment '${assignmentCode}' on course '${code}' marked as unreleased`);
  }
  const keys = await updateExchangeAssignmentPurged({ authz: resolved.authz, exchangeAssignment: assignment });
  try {
    await deleteExchangeFiles(keys);
  } catch (error) {
    // The rows no longer point at these files, so nothing serves them; the log says which are left on disk.
    log.error("exchange purge could not delete every file", { error, count: keys.length, assignmentId: assignment.id });
  }
  return okNote(`Assignment '${assignmentCode}' on course '${code}' deleted and purged from the database`);
}
