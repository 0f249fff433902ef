import { describe, expect, it } from "vitest";
import { parseGrant, type GrantFields } from "./grant-form";

const empty: GrantFields = { assignmentId: "a1", dueAt: "", lockAt: "", extraDays: "", extraAttempts: "", reason: "" };

describe("parseGrant", () => {
  it("reads new dates in the course's zone", () => {
    const r = parseGrant({ ...empty, dueAt: "2026-03-01T23:59", lockAt: "2026-03-02T23:59", reason: " illness " }, "America/New_York");
    expect(r.grant).toEqual({ dueAt: new Date("2026-03-02T04:59:00Z"), lockAt: new Date("2026-03-03T04:59:00Z"), extraDays: 0, extraAttempts: 0, reason: "illness" });
  });

  it("reads extra days and attempts for every assignment", () => {
    expect(parseGrant({ ...empty, assignmentId: "", extraDays: "3", extraAttempts: "2" }, "UTC").grant).toEqual({ dueAt: null, lockAt: null, extraDays: 3, extraAttempts: 2, reason: null });
  });

  it("refuses numbers that are not plain whole numbers, and out of range", () => {
    for (const bad of ["0x10", "1e3", "2.5", "-1", "366", " 3"]) {
      expect(parseGrant({ ...empty, extraDays: bad }, "UTC").fieldErrors?.extraDays, bad).toEqual(["Enter a whole number of days from 0 to 365."]);
    }
    expect(parseGrant({ ...empty, extraAttempts: "101" }, "UTC").fieldErrors?.extraAttempts).toHaveLength(1);
  });

  it("refuses dates for all assignments, malformed dates, a lock before the due date, and dates with extra days", () => {
    expect(parseGrant({ ...empty, assignmentId: "", dueAt: "2026-03-01T10:00" }, "UTC").fieldErrors?.dueAt?.[0]).toMatch(/one assignment/);
    expect(parseGrant({ ...empty, dueAt: "2026-02-31T10:00" }, "UTC").fieldErrors?.dueAt).toEqual(["Enter the new due date as a date and time."]);
    expect(parseGrant({ ...empty, dueAt: "2026-03-02T10:00", lockAt: "2026-03-01T10:00" }, "UTC").fieldErrors?.lockAt).toHaveLength(1);
    expect(parseGrant({ ...empty, dueAt: "2026-03-02T10:00", extraDays: "2" }, "UTC").fieldErrors?.extraDays).toEqual(["Give either new dates or extra days, not both."]);
  });

  it("asks for something to change", () => {
    expect(parseGrant(empty, "UTC")).toEqual({ fieldErrors: {}, message: "Give new dates, extra days or extra attempts." });
  });
});
