import { describe, expect, it } from "vitest";
import { addDays, daysBetween, isTimeZone, utcToZonedLocal, zonedLocalToUtc } from "./time-zone";

describe("zoned local times", () => {
  it("convert both ways in zones with and without DST", () => {
    expect(zonedLocalToUtc("2026-03-01T17:00", "UTC")?.toISOString()).toBe("2026-03-01T17:00:00.000Z");
    expect(zonedLocalToUtc("2026-01-15T23:59", "America/New_York")?.toISOString()).toBe("2026-01-16T04:59:00.000Z");
    expect(zonedLocalToUtc("2026-07-15T23:59", "America/New_York")?.toISOString()).toBe("2026-07-16T03:59:00.000Z");
    expect(zonedLocalToUtc("2026-07-15T09:30", "Asia/Kolkata")?.toISOString()).toBe("2026-07-15T04:00:00.000Z");
    expect(utcToZonedLocal(new Date("2026-07-16T03:59:00Z"), "America/New_York")).toBe("2026-07-15T23:59");
    expect(utcToZonedLocal(new Date("2026-07-16T03:59:30Z"), "America/New_York")).toBe("2026-07-15T23:59:30");
  });

  it("resolve a time skipped by DST to after the gap, and a repeated one to its first occurrence", () => {
    // Europe/Paris springs forward at 02:00 on 29 March 2026 and falls back at 03:00 on 25 October 2026.
    expect(utcToZonedLocal(zonedLocalToUtc("2026-03-29T02:30", "Europe/Paris")!, "Europe/Paris")).toBe("2026-03-29T03:30");
    expect(zonedLocalToUtc("2026-10-25T02:30", "Europe/Paris")?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("refuse malformed or impossible input", () => {
    expect(zonedLocalToUtc("2026-02-30T10:00", "UTC")).toBeNull();
    expect(zonedLocalToUtc("tomorrow", "UTC")).toBeNull();
    expect(zonedLocalToUtc("2026-01-01T24:00", "UTC")).toBeNull();
  });

  it("know which zone names exist", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });

  it("count and add calendar days", () => {
    expect(daysBetween("2026-01-12", "2026-03-01")).toBe(48);
    expect(addDays("2026-01-12", 48)).toBe("2026-03-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});
