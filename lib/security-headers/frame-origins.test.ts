import { afterEach, describe, expect, it } from "vitest";
import { FRESH_MS, frameOrigins, installFrameOriginsLoader, invalidateFrameOrigins } from "./frame-origins";

const holder = globalThis as { __lanternFrameOrigins?: unknown };
afterEach(() => {
  holder.__lanternFrameOrigins = undefined;
});

describe("frameOrigins", () => {
  it("allows no LMS before the server installs its loader", async () => {
    expect(await frameOrigins()).toEqual([]);
  });

  it("loads once while fresh, again after FRESH_MS or an invalidation, and keeps the last list when a load fails", async () => {
    let loads = 0;
    let fail = false;
    installFrameOriginsLoader(async () => {
      loads++;
      if (fail) throw new Error("database down");
      return [`https://lms${loads}.example`];
    });
    const [a, b] = await Promise.all([frameOrigins(), frameOrigins()]);
    expect(a).toEqual(["https://lms1.example"]);
    expect(b).toBe(a);
    expect(loads).toBe(1);
    expect(await frameOrigins()).toEqual(["https://lms1.example"]);
    invalidateFrameOrigins();
    expect(await frameOrigins()).toEqual(["https://lms2.example"]);
    expect(await frameOrigins(Date.now() + FRESH_MS + 1)).toEqual(["https://lms3.example"]);
    fail = true;
    invalidateFrameOrigins();
    expect(await frameOrigins()).toEqual(["https://lms3.example"]);
    expect(loads).toBe(4);
  });
});
