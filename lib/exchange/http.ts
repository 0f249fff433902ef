import { isStaffRole } from "@/lib/auth/roles";
import { newErrorId, RateLimitedError } from "@/lib/errors";
import { log } from "@/lib/log";
import { selectExchangeCoursesByCode } from "@/lib/models/exchange-members";
import { authenticateExchangeRequest } from "./auth";
import type { ExchangeAuthz, ExchangeCaller } from "./types";
import type { FormFields } from "./upload";

// nbexchange's answers (edina/nbexchange handlers): application outcomes are HTTP 200 with `success` and a `note`
// (mutations) or a `value` list; the nbgrader plugin reads `r.json()["value"]` even on failure, so list endpoints
// carry `value: []` on every failure too.

const HEADERS = { "cache-control": "no-store" };

/** `{"success": true, "value": [...]}` */
export const okList = (value: unknown[]) => Response.json({ success: true, value }, { headers: HEADERS });
/** `{"success": true, "note": "..."}` */
export const okNote = (note: string) => Response.json({ success: true, note }, { headers: HEADERS });
/** An application error: `{"success": false, "note": "..."}` (with `value: []` for list endpoints), HTTP 200 by default. */
export function failure(note: string, { list = false, status = 200 }: { list?: boolean; status?: number } = {}) {
  return Response.json({ success: false, note, ...(list ? { value: [] } : {}) }, { status, headers: HEADERS });
}

/**
 * Request parameters the way nbexchange reads them: query string first, then form fields; the first non-empty
 * occurrence wins. URLSearchParams already decodes `+` and `%XX`, and values are matched exactly afterwards.
 */
export class ExchangeParams {
  constructor(
    private readonly url: URL,
    private readonly fields: FormFields = [],
  ) {}

  get(name: string): string | null {
    for (const value of this.url.searchParams.getAll(name)) if (value !== "") return value;
    for (const [field, value] of this.fields) if (field === name && value !== "") return value;
    return null;
  }

  /** Every non-empty value of a repeated parameter (query, then form). */
  all(name: string): string[] {
    return [...this.url.searchParams.getAll(name), ...this.fields.filter(([f]) => f === name).map(([, v]) => v)].filter((v) => v !== "");
  }

  with(fields: FormFields): ExchangeParams {
    return new ExchangeParams(this.url, fields);
  }
}

export type CourseResolution = { kind: "ok"; authz: ExchangeAuthz } | { kind: "refused"; note: string };

/**
 * The course a `course_id` names for this caller: a live course with that code in which they are an active member
 * (so a course they are not in, in any organisation, is "not subscribed"). A cookie identity only reaches its own
 * organisation's courses. If the code names several of the caller's courses, nothing is guessed.
 */
export async function resolveExchangeCourse(caller: ExchangeCaller, code: string): Promise<CourseResolution> {
  let rows = await selectExchangeCoursesByCode({ userId: caller.user.id, code });
  if (caller.organisation !== null) rows = rows.filter((r) => r.organisation === caller.organisation);
  if (rows.length === 0) return { kind: "refused", note: `User not subscribed to course ${code}` };
  if (rows.length > 1) {
    return {
      kind: "refused",
      note: `Course code ${code} names ${rows.length} of your courses; ask your course staff to give them distinct codes in the LMS`,
    };
  }
  const [{ course, role }] = rows;
  return { kind: "ok", authz: { kind: "exchange", caller, course, role, staff: isStaffRole(role) } };
}

export const notInstructor = (code: string) => `User not an instructor to course ${code}`;

type ExchangeHandler = (ctx: { req: Request; caller: ExchangeCaller; params: ExchangeParams }) => Promise<Response>;

/**
 * Wraps an exchange route handler: authenticates (401 without a valid token or identity cookie, before anything is
 * read), and turns unexpected errors into a logged 500 with an error id, in the exchange's JSON shape.
 */
export function exchangeRoute(fn: ExchangeHandler, { list = false }: { list?: boolean } = {}) {
  return async (req: Request): Promise<Response> => {
    try {
      const caller = await authenticateExchangeRequest(req);
      if (!caller) {
        await req.body?.cancel().catch(() => {});
        const response = failure("Authentication required: send a Lantern API token as 'Authorization: token <token>'", { list, status: 401 });
        response.headers.set("www-authenticate", 'Bearer realm="lantern-exchange"');
        return response;
      }
      return await fn({ req, caller, params: new ExchangeParams(new URL(req.url)) });
    } catch (error) {
      if (error instanceof RateLimitedError) {
        const response = failure(error.message, { list, status: 429 });
        response.headers.set("retry-after", String(error.retryAfterSeconds));
        return response;
      }
      const errorId = newErrorId();
      log.error("exchange request failed", { errorId, error, method: req.method, path: new URL(req.url).pathname });
      return failure(`Something went wrong. Error id: ${errorId}.`, { list, status: 500 });
    }
  };
}

/** nbexchange answers 501 for the methods it routes but does not implement. */
export function notImplemented() {
  return failure("Not implemented", { status: 501 });
}
