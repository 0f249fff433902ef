import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_POINTS, parsePoints, POINTS_PATTERN, pointsSchema } from "./points";

describe("parsePoints", () => {
  it("accepts plain decimals up to the maximum", () => {
    expect(parsePoints("10")).toEqual({ ok: true, points: 10 });
    expect(parsePoints(" 2.5 ")).toEqual({ ok: true, points: 2.5 });
    expect(parsePoints("0")).toEqual({ ok: true, points: 0 });
    expect(parsePoints(7)).toEqual({ ok: true, points: 7 });
    expect(parsePoints(String(MAX_POINTS))).toEqual({ ok: true, points: MAX_POINTS });
  });

  it("refuses what Number() would have turned into points, with a message", () => {
    for (const text of ["", "  ", "0x10", "1e3", "10,5", "+3", "-1", "Infinity", "1.234", "ten"]) {
      const result = parsePoints(text);
      expect(result.ok, text).toBe(false);
      expect(result.ok ? "" : result.message).toMatch(/^Enter the points/);
    }
    expect(parsePoints(NaN)).toMatchObject({ ok: false });
    expect(parsePoints("10000.5")).toEqual({ ok: false, message: `Points can be at most ${MAX_POINTS}.` });
  });

  it("agrees with the HTML pattern the forms carry", () => {
    const html = new RegExp(`^(?:${POINTS_PATTERN})$`);
    for (const text of ["10", "2.5", "0.25", "1.234", "0x10", "1e3", ""]) expect(html.test(text), text).toBe(parsePoints(text).ok);
  });
});

describe("pointsSchema", () => {
  it("gives the field its message", () => {
    const form = z.object({ points: pointsSchema });
    expect(form.parse({ points: "12.5" })).toEqual({ points: 12.5 });
    const failed = form.safeParse({ points: "0x10" });
    expect(failed.success).toBe(false);
    expect(z.flattenError(failed.error!).fieldErrors.points?.[0]).toMatch(/plain number/);
    expect(form.safeParse({}).success).toBe(false);
  });
});
