import { describe, expect, it } from "vitest";
import { outputMatches } from "./compare";
import { applyPenalty, effectiveDates, isLocked, latePenalty } from "./policy";

const d = (s: string) => new Date(s);

describe("effectiveDates", () => {
  it("lets the LMS override the assignment and an extension override both", () => {
    const a = { dueAt: d("2026-01-01T00:00Z"), lockAt: d("2026-01-05T00:00Z") };
    expect(effectiveDates(a, null, null)).toEqual(a);
    expect(effectiveDates(a, { dueAt: d("2026-01-02T00:00Z"), lockAt: null }, null).dueAt).toEqual(d("2026-01-02T00:00Z"));
    const ext = effectiveDates(a, { dueAt: d("2026-01-02T00:00Z") }, { dueAt: d("2026-01-09T00:00Z"), lockAt: d("2026-01-10T00:00Z") });
    expect(ext).toEqual({ dueAt: d("2026-01-09T00:00Z"), lockAt: d("2026-01-10T00:00Z") });
  });
});

describe("latePenalty", () => {
  const dates = { dueAt: d("2026-01-01T00:00Z"), lockAt: d("2026-01-10T00:00Z") };
  it("charges per started day, capped", () => {
    const policy = { kind: "penalty", percentPerDay: 10, maxPercent: 50 } as const;
    expect(latePenalty(policy, dates, d("2025-12-31T00:00Z"))).toEqual({ late: false, penaltyPercent: 0 });
    expect(latePenalty(policy, dates, d("2026-01-01T00:01Z"))).toEqual({ late: true, penaltyPercent: 10 });
    expect(latePenalty(policy, dates, d("2026-01-02T00:01Z"))).toEqual({ late: true, penaltyPercent: 20 });
    expect(latePenalty(policy, dates, d("2026-01-09T00:00Z"))).toEqual({ late: true, penaltyPercent: 50 });
    expect(applyPenalty(7.5, 20)).toBe(6);
  });
  it("gives no credit after lock under no_credit_after_lock", () => {
    expect(latePenalty({ kind: "no_credit_after_lock" }, dates, d("2026-01-03T00:00Z")).penaltyPercent).toBe(0);
    expect(latePenalty({ kind: "no_credit_after_lock" }, dates, d("2026-01-11T00:00Z")).penaltyPercent).toBe(100);
    expect(isLocked(dates, d("2026-01-11T00:00Z"))).toBe(true);
  });
});

describe("outputMatches", () => {
  it("compares by mode", () => {
    expect(outputMatches("212.0\n", "212.0\n", "exact")).toBe(true);
    expect(outputMatches("212.0  \n\n", "212.0", "exact")).toBe(false);
    expect(outputMatches("212.0  \n\n", "212.0", "trim")).toBe(true);
    expect(outputMatches("a   b\n c", "a b c", "whitespace")).toBe(true);
    expect(outputMatches("x = 0.30000000000000004", "x = 0.3", "numeric")).toBe(true);
    expect(outputMatches("x = 0.31", "x = 0.3", "numeric")).toBe(false);
  });
  it("ignores case and honours a float tolerance when asked", () => {
    expect(outputMatches("Hello WORLD\n", "hello world\n", "trim")).toBe(false);
    expect(outputMatches("Hello WORLD\n", "hello world\n", "trim", { ignoreCase: true })).toBe(true);
    expect(outputMatches("YES 1.0E3", "yes 1000", "numeric", { ignoreCase: true })).toBe(true);
    expect(outputMatches("x = 0.31", "x = 0.3", "numeric", { floatTolerance: 0.05 })).toBe(true);
    expect(outputMatches("x = 0.30001", "x = 0.3", "numeric", { floatTolerance: 1e-9 })).toBe(false);
  });
});
