import { describe, expect, it } from "vitest";
import { bearerInit, launchTokenHeaders, withLaunchToken } from "./launch-token";

describe("launch-bound token helpers", () => {
  it("adds lt to in-app links, keeping query and hash", () => {
    expect(withLaunchToken("/courses/1", "t")).toBe("/courses/1?lt=t");
    expect(withLaunchToken("/courses/1?tab=a#x", "t")).toBe("/courses/1?tab=a&lt=t#x");
    expect(withLaunchToken("/courses/1", null)).toBe("/courses/1");
    expect(launchTokenHeaders("t")).toEqual({ authorization: "Bearer t" });
  });

  it("sends the token only to Lantern's own origin and never overrides an explicit Authorization", () => {
    const origin = "https://lantern.test";
    const same = bearerInit("/api/x", { method: "POST" }, origin, "t");
    expect(new Headers(same?.headers).get("authorization")).toBe("Bearer t");
    expect(same?.method).toBe("POST");
    expect(bearerInit("https://cdn.example/x.js", undefined, origin, "t")).toBeUndefined();
    const own = { headers: { authorization: "Bearer mine" } };
    expect(bearerInit("/api/x", own, origin, "t")).toBe(own);
  });
});
