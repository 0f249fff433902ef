import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import { selectOptionalConsumerByPlatform } from "@/lib/models/lti11-consumers";
import type { LmsResult } from "@/lib/passback/lms-client";
import type { LmsFailure } from "@/lib/passback/retry-policy";
import { signedAuthorizationHeader } from "./oauth1";
import { parseOutcomeResponse, readResultXml, replaceResultXml, type CanvasExtensions, type OutcomeResponse } from "./outcomes-xml";
import { decryptConsumerSecret } from "./secret";

/** The Basic Outcomes calls grade passback makes; the real one signs and posts them, tests may pass another. */
export type BasicOutcomesClient = {
  replaceResult(input: { platformId: string; serviceUrl: string; sourcedId: string; score: string | null; canvas?: CanvasExtensions }): Promise<LmsResult<null>>;
  /** The score (0.0–1.0) the LMS holds, or null when it has none. */
  readResult(input: { platformId: string; serviceUrl: string; sourcedId: string }): Promise<LmsResult<number | null>>;
};

const TIMEOUT_MS = 20_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

async function readCapped(response: Response): Promise<string> {
  const text = await response.text();
  return text.length > MAX_RESPONSE_BYTES ? text.slice(0, MAX_RESPONSE_BYTES) : text;
}

/**
 * Posts one POX message, signed with OAuth 1.0a and oauth_body_hash (LTI 1.1 §6 and the OAuth Body Hash extension:
 * base64 SHA-1 of the exact bytes sent, in the signed Authorization header). Redirects are not followed: the
 * signature covers one URL. HTTP errors and network failures come back as LmsFailure for the shared retry policy; a
 * POX `failure`/`unsupported` is final, with the LMS's own description for staff.
 */
async function call(
  platformId: string,
  serviceUrl: string,
  body: string,
  fetchImpl: typeof fetch,
): Promise<{ ok: true; response: OutcomeResponse } | { ok: false; failure: LmsFailure }> {
  const found = await selectOptionalConsumerByPlatform({ platformId });
  if (!found) return { ok: false, failure: { status: null, message: "The LTI 1.1 consumer key of this course no longer exists." } };
  if (!found.platform.active) return { ok: false, failure: { status: null, message: "The LTI 1.1 consumer key is deactivated." } };
  const consumerSecret = await decryptConsumerSecret({ iv: found.consumer.secretIv, data: found.consumer.secretData });
  const authorization = signedAuthorizationHeader({ method: "POST", url: serviceUrl, consumerKey: found.consumer.consumerKey, consumerSecret, body });
  let response: Response;
  try {
    response = await fetchImpl(serviceUrl, {
      method: "POST",
      headers: { authorization, "content-type": "application/xml", accept: "application/xml" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = (error as Error)?.name === "TimeoutError";
    return { ok: false, failure: { status: null, message: timedOut ? "The LMS outcome service did not answer in time." : "The LMS outcome service could not be reached." } };
  }
  const text = await readCapped(response).catch(() => "");
  const parsed = parseOutcomeResponse(text);
  if (!response.ok) {
    const words = parsed?.description || text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 300);
    return {
      ok: false,
      failure: { status: response.status, retryAfter: response.headers.get("retry-after"), message: `${response.status} ${words || (STATUS_CODES[response.status] ?? "")}`.trim() },
    };
  }
  if (!parsed) return { ok: false, failure: { status: 502, message: "The LMS outcome service answered with something that is not a Basic Outcomes response." } };
  if (parsed.codeMajor === "failure" || parsed.codeMajor === "unsupported") {
    // A refusal in a 200 (e.g. Canvas: concluded enrollment, bad_score, no points possible) is final: resending fails again.
    return { ok: false, failure: { status: response.status, message: parsed.description || `The LMS answered ${parsed.codeMajor}.` } };
  }
  return { ok: true, response: parsed };
}

/** The real client, over fetch (injectable for tests that need a fake network). */
export function basicOutcomesClient(fetchImpl: typeof fetch = fetch): BasicOutcomesClient {
  return {
    async replaceResult({ platformId, serviceUrl, sourcedId, score, canvas }) {
      const result = await call(platformId, serviceUrl, replaceResultXml({ messageId: randomUUID(), sourcedId, score, canvas }), fetchImpl);
      return result.ok ? { ok: true, value: null } : result;
    },
    async readResult({ platformId, serviceUrl, sourcedId }) {
      const result = await call(platformId, serviceUrl, readResultXml({ messageId: randomUUID(), sourcedId }), fetchImpl);
      return result.ok ? { ok: true, value: result.response.score } : result;
    },
  };
}
