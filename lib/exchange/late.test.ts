import { describe, expect, it } from "vitest";
import { describeLateBy, lateByMs } from "./late";

describe("late as nbgrader sees it", () => {
  const due = new Date("2026-12-10T23:59:00Z");
  it("is any time after the due date by the submission's own timestamp; on time or no due date is not late", () => {
    expect(lateByMs(new Date("2026-12-10T23:59:00Z"), due)).toBeNull();
    expect(lateByMs(new Date("2026-12-10T23:59:00.001Z"), due)).toBe(1);
    expect(lateByMs(new Date("2026-12-11T01:04:30Z"), due)).toBe((65 * 60 + 30) * 1000);
    expect(lateByMs(new Date("2027-01-01T00:00:00Z"), null)).toBeNull();
    expect(lateByMs(null, due)).toBeNull();
  });
  it("says by how much in its two largest units", () => {
    expect(describeLateBy(1)).toBe("late by less than a second");
    expect(describeLateBy(40_000)).toBe("late by 40 s");
    expect(describeLateBy((65 * 60 + 30) * 1000)).toBe("late by 1 h 5 min");
    expect(describeLateBy((86_400 + 7200 + 59) * 1000)).toBe("late by 1 day 2 h");
    expect(describeLateBy(3 * 86_400 * 1000 + 59_000)).toBe("late by 3 days");
  });
});
