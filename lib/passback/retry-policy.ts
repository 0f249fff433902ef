/** How a failed LMS call is handled: retried later (when), or given up with the LMS's message. */
export type RetryDecision =
  | { kind: "retry"; delayMs: number; reason: string }
  | { kind: "give_up"; reason: string };

export const MAX_ATTEMPTS = 12;
const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 60 * 60 * 1000;

/** Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff and Jitter"). */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Parses Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date. Null when absent or unreadable. */
export function parseRetryAfterMs(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export type LmsFailure = {
  /** HTTP status, or null for a network error or timeout. */
  status: number | null;
  retryAfter?: string | null;
  /** The LMS's own words, shown to staff. */
  message: string;
  /** Canvas signals throttling with 403 and "Rate Limit Exceeded" (Canvas API docs, "Throttling"). */
  rateLimited?: boolean;
};

/**
 * Decides what to do after a failed delivery attempt (1-based). Throttling honours Retry-After; server errors and
 * network failures back off; the LMS refusing the content (400, 404, 409, 422…) is final and recorded, because
 * resending the same score cannot succeed.
 */
export function decideRetry(failure: LmsFailure, attempt: number, random?: () => number): RetryDecision {
  const throttled = failure.status === 429 || (failure.status === 403 && failure.rateLimited);
  const transient = throttled || failure.status === null || failure.status === 408 || (failure.status ?? 0) >= 500;
  if (!transient) return { kind: "give_up", reason: failure.message };
  if (attempt >= MAX_ATTEMPTS) return { kind: "give_up", reason: `Gave up after ${attempt} attempts: ${failure.message}` };
  const hinted = throttled ? parseRetryAfterMs(failure.retryAfter) : null;
  const delayMs = hinted !== null ? Math.min(hinted, MAX_DELAY_MS) : backoffDelayMs(attempt, random);
  return { kind: "retry", delayMs, reason: failure.message };
}
