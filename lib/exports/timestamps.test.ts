import { describe, expect, it } from "vitest";
import { isoWithOffset } from "./timestamps";

describe("isoWithOffset", () => {
  it("writes local time with the zone's offset, across a DST change", () => {
    expect(isoWithOffset(new Date("2026-01-15T15:04:05.678Z"), "America/New_York")).toBe("2026-01-15T10:04:05.678-05:00");
    expect(isoWithOffset(new Date("2026-07-15T15:04:05.000Z"), "America/New_York")).toBe("2026-07-15T11:04:05.000-04:00");
    expect(isoWithOffset(new Date("2026-07-15T15:04:05.000Z"), "Asia/Kolkata")).toBe("2026-07-15T20:34:05.000+05:30");
  });

  it("keeps each zone's offset apart when calls alternate between zones, and writes years past 9999", () => {
    const at = new Date("2026-01-15T15:04:05.678Z");
    for (let i = 0; i < 3; i++) {
      expect(isoWithOffset(at, "America/New_York")).toBe("2026-01-15T10:04:05.678-05:00");
      expect(isoWithOffset(at, "Asia/Kolkata")).toBe("2026-01-15T20:34:05.678+05:30");
    }
    expect(isoWithOffset(new Date(Date.UTC(12026, 0, 15, 15, 4, 5, 678)))).toBe("12026-01-15T15:04:05.678+00:00");
    expect(isoWithOffset(new Date(-1))).toBe("1969-12-31T23:59:59.999+00:00");
    // Three hours in turn through the two-entry cache of hour prefixes.
    for (const iso of ["2026-01-15T01:59:59.000Z", "2026-01-15T02:00:00.000Z", "2026-01-15T03:30:00.001Z", "2026-01-15T01:00:00.000Z"]) {
      expect(isoWithOffset(new Date(iso))).toBe(iso.replace("Z", "+00:00"));
    }
  });

  it("falls back to UTC for a missing or unknown zone", () => {
    expect(isoWithOffset(new Date("2026-01-15T15:04:05.678Z"))).toBe("2026-01-15T15:04:05.678+00:00");
    expect(isoWithOffset(new Date("2026-01-15T15:04:05.678Z"), "Mars/Olympus")).toBe("2026-01-15T15:04:05.678+00:00");
  });
});
