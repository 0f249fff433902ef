import { randomUUID } from "node:crypto";

/** An error with an HTTP status and a stable code that is safe to show to the caller. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const badRequest = (message: string, fieldErrors?: Record<string, string[]>) =>
  new HttpError(400, "bad_request", message, fieldErrors);
export const unauthorized = (message = "Sign in to continue.") => new HttpError(401, "unauthorized", message);
/** Someone else's resource is a 404, not a 403 (house style, rule 11): existence is not revealed. */
export const notFound = (message = "Not found.") => new HttpError(404, "not_found", message);
export const forbidden = (message = "You do not have permission to do that.") =>
  new HttpError(403, "forbidden", message);
export const conflict = (message: string) => new HttpError(409, "conflict", message);
/** Too many requests; `retryAfterSeconds` becomes the Retry-After header (RFC 9110 §10.2.3). */
export class RateLimitedError extends HttpError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, "rate_limited", message);
  }
}
export const payloadTooLarge = (message: string) => new HttpError(413, "payload_too_large", message);

/** A short id that ties a generic error page to the detailed log line. */
export function newErrorId(): string {
  return randomUUID().slice(0, 8);
}
