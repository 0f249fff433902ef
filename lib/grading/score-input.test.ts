import { describe, expect, it } from "vitest";
import { checkScore, parseScore } from "./score-input";

describe("parseScore", () => {
  const points = 20;
  it("accepts plain decimals within 0..points", () => {
    expect(parseScore("19.5", { points })).toEqual({ ok: true, score: 19.5 });
    expect(parseScore(" 20 ", { points })).toEqual({ ok: true, score: 20 });
    expect(parseScore(".5", { points })).toEqual({ ok: true, score: 0.5 });
    expect(parseScore("0", { points })).toEqual({ ok: true, score: 0 });
    expect(parseScore("7.", { points })).toEqual({ ok: true, score: 7 });
  });

  it("refuses notations Number() would accept", () => {
    for (const text of ["0x10", "1e9", "1E1", "Infinity", "+3", "-0", "19,5", "", "   ", "NaN", "0b11", "1_000"]) {
      expect(parseScore(text, { points, extraCredit: true }).ok, text).toBe(false);
    }
  });

  it("keeps to the maximum unless extra credit is ticked", () => {
    expect(parseScore("25", { points })).toMatchObject({ ok: false, message: expect.stringContaining("extra credit") });
    expect(parseScore("25", { points, extraCredit: true })).toEqual({ ok: true, score: 25 });
    expect(parseScore("1000000000", { points, extraCredit: true })).toMatchObject({ ok: false, message: expect.stringContaining("at most") });
  });

  it("refuses more than two decimals and negative numbers", () => {
    expect(parseScore("1.234", { points }).ok).toBe(false);
    expect(checkScore(-1, { points }).ok).toBe(false);
    expect(checkScore(Number.NaN, { points }).ok).toBe(false);
    expect(checkScore(0.1 + 0.2, { points })).toEqual({ ok: true, score: 0.3 });
  });
});
