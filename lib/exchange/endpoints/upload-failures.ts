import { failure } from "../http";
import type { FormFields, UploadOutcome } from "../upload";

/** A refusal: a note (HTTP 200, `success: false`) or a whole answer (e.g. nbexchange's 404s). */
export type Refusal = string | Response;

const answer = (refusal: Refusal) => (typeof refusal === "string" ? failure(refusal) : refusal);

/**
 * The answer for an upload that stored nothing. nbexchange's statuses: no file → 412; a zero-byte file → "File
 * upload failed."; too large → 413 here (nbexchange's Tornado answered an empty 400). A multipart body with files but
 * none in the expected field was a 500 there (KeyError); here it is the same 412 with the field named. A body without
 * the file is judged on its parameters and permissions first (`check`), in the order nbexchange checks them.
 */
export async function uploadFailure(
  outcome: Exclude<UploadOutcome<Refusal>, { kind: "stored" }>,
  field: string,
  check: (fields: FormFields) => Promise<Refusal | null>,
): Promise<Response> {
  switch (outcome.kind) {
    case "refused":
      return answer(outcome.refusal);
    case "too_large":
      return failure("File upload oversize, and rejected.", { status: 413 });
    case "empty_file":
    case "no_file": {
      const refusal = await check(outcome.fields);
      if (refusal) return answer(refusal);
      if (outcome.kind === "empty_file") return failure("File upload failed.");
      return failure(`The upload needs its file in the multipart field '${field}'.`, { status: 412 });
    }
  }
}

/** The refusal of a check result, or null when it passed (a passing check returns an object). */
export function refusalOf(checked: Refusal | object): Refusal | null {
  return typeof checked === "string" || checked instanceof Response ? checked : null;
}
