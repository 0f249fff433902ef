import { describe, expect, it } from "vitest";
import { badRequest, RateLimitedError } from "./errors";
import { browserErrorPage, wantsPage } from "./browser-error-page";

const req = (headers: Record<string, string>) => new Request("http://localhost/x", { headers });

describe("wantsPage", () => {
  it("is true for page loads (typed, followed, form posts, LMS frames) and false for scripts", () => {
    expect(wantsPage(req({ "sec-fetch-dest": "document" }))).toBe(true);
    expect(wantsPage(req({ "sec-fetch-dest": "iframe" }))).toBe(true);
    expect(wantsPage(req({ "sec-fetch-dest": "empty", accept: "text/html" }))).toBe(false);
    expect(wantsPage(req({ accept: "text/html,application/xhtml+xml,*/*;q=0.8" }))).toBe(true);
    expect(wantsPage(req({ accept: "application/json" }))).toBe(false);
    expect(wantsPage(req({}))).toBe(false);
  });
});

describe("browserErrorPage", () => {
  it("says what was wrong with each field and what to do next", async () => {
    const res = browserErrorPage(badRequest("Invalid form (points): Enter the points, e.g. 10.", { points: ["Enter the points, e.g. 10."] }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("<title>That request could not be used · Lantern</title>");
    expect(html).toContain("<li>Enter the points, e.g. 10.</li>");
    expect(html).toContain("<h2>What to do next</h2>");
    expect(html).not.toContain("Error id");
  });

  it("keeps Retry-After on a 429", () => {
    expect(browserErrorPage(new RateLimitedError("Slow down.", 30)).headers.get("retry-after")).toBe("30");
  });
});
