import { describe, expect, it } from "vitest";
import { backoffDelayMs, decideRetry, MAX_ATTEMPTS, parseRetryAfterMs } from "./retry-policy";

describe("backoffDelayMs", () => {
  it("grows exponentially, is jittered within [ceiling/2, ceiling], and is capped at an hour", () => {
    expect(backoffDelayMs(1, () => 0)).toBe(1_000);
    expect(backoffDelayMs(1, () => 1)).toBe(2_000);
    expect(backoffDelayMs(4, () => 0.5)).toBe(12_000);
    expect(backoffDelayMs(30, () => 1)).toBe(3_600_000);
  });
});

describe("parseRetryAfterMs", () => {
  it("reads seconds and HTTP dates", () => {
    const now = Date.parse("2026-11-23T10:00:00Z");
    expect(parseRetryAfterMs("7", now)).toBe(7_000);
    expect(parseRetryAfterMs("Mon, 23 Nov 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfterMs("soon", now)).toBeNull();
    expect(parseRetryAfterMs(null, now)).toBeNull();
  });
});

describe("decideRetry", () => {
  it("honours Retry-After on 429 and on Canvas's rate-limit 403", () => {
    expect(decideRetry({ status: 429, retryAfter: "3", message: "slow down" }, 1)).toEqual({ kind: "retry", delayMs: 3_000, reason: "slow down" });
    expect(decideRetry({ status: 403, rateLimited: true, retryAfter: "5", message: "Rate Limit Exceeded" }, 2)).toMatchObject({ kind: "retry", delayMs: 5_000 });
  });

  it("backs off on server errors and network failures", () => {
    expect(decideRetry({ status: 503, message: "down" }, 3, () => 0)).toEqual({ kind: "retry", delayMs: 4_000, reason: "down" });
    expect(decideRetry({ status: null, message: "ECONNRESET" }, 1, () => 0)).toMatchObject({ kind: "retry" });
  });

  it("gives up at once when the LMS refuses the content, keeping its message", () => {
    expect(decideRetry({ status: 422, message: "User not enrolled" }, 1)).toEqual({ kind: "give_up", reason: "User not enrolled" });
    expect(decideRetry({ status: 403, message: "Forbidden" }, 1)).toEqual({ kind: "give_up", reason: "Forbidden" });
  });

  it("gives up after the last attempt instead of retrying forever", () => {
    expect(decideRetry({ status: 500, message: "boom" }, MAX_ATTEMPTS)).toEqual({ kind: "give_up", reason: `Gave up after ${MAX_ATTEMPTS} attempts: boom` });
  });
});
