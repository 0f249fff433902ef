import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "./proxy";

describe("proxy: launch-bound token", () => {
  it("copies ?lt= into an Authorization: Bearer request header", () => {
    const response = proxy(new NextRequest("http://localhost:3000/courses/x?lt=abc123", { headers: { "sec-fetch-dest": "iframe" } }));
    expect(response.headers.get("x-middleware-request-authorization")).toBe("Bearer abc123");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });

  it("ignores ?lt= outside a frame and on anything but a page load (a crafted link must not swap sessions)", () => {
    const topLevel = new NextRequest("http://localhost:3000/courses/x?lt=abc", { headers: { "sec-fetch-dest": "document" } });
    expect(proxy(topLevel).headers.get("x-middleware-request-authorization")).toBeNull();
    const post = new NextRequest("http://localhost:3000/courses/x?lt=abc", { method: "POST", headers: { "sec-fetch-dest": "iframe" } });
    expect(proxy(post).headers.get("x-middleware-request-authorization")).toBeNull();
  });

  it("leaves requests that carry the session cookie to the cookie", () => {
    const withCookie = new NextRequest("http://localhost:3000/x?lt=abc", { headers: { cookie: "lantern_session=tok", "sec-fetch-dest": "iframe" } });
    expect(proxy(withCookie).headers.get("x-middleware-request-authorization")).toBeNull();
  });

  it("leaves requests without lt, or with their own Authorization, alone", () => {
    expect(proxy(new NextRequest("http://localhost:3000/courses/x")).headers.get("x-middleware-request-authorization")).toBeNull();
    const own = new NextRequest("http://localhost:3000/x?lt=abc", { headers: { authorization: "Bearer mine" } });
    expect(proxy(own).headers.get("x-middleware-request-authorization")).toBeNull();
  });
});
