import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { installFrameOriginsLoader } from "@/lib/security-headers/frame-origins";
import { proxy } from "./proxy";

describe("proxy: launch-bound token", () => {
  it("copies ?lt= into an Authorization: Bearer request header", async () => {
    const response = await proxy(new NextRequest("http://localhost:3000/courses/x?lt=abc123", { headers: { "sec-fetch-dest": "iframe" } }));
    expect(response.headers.get("x-middleware-request-authorization")).toBe("Bearer abc123");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });

  it("ignores ?lt= outside a frame and on anything but a page load (a crafted link must not swap sessions)", async () => {
    const topLevel = new NextRequest("http://localhost:3000/courses/x?lt=abc", { headers: { "sec-fetch-dest": "document" } });
    expect((await proxy(topLevel)).headers.get("x-middleware-request-authorization")).toBeNull();
    const post = new NextRequest("http://localhost:3000/courses/x?lt=abc", { method: "POST", headers: { "sec-fetch-dest": "iframe" } });
    expect((await proxy(post)).headers.get("x-middleware-request-authorization")).toBeNull();
  });

  it("leaves requests that carry the session cookie to the cookie", async () => {
    const withCookie = new NextRequest("http://localhost:3000/x?lt=abc", { headers: { cookie: "lantern_session=tok", "sec-fetch-dest": "iframe" } });
    expect((await proxy(withCookie)).headers.get("x-middleware-request-authorization")).toBeNull();
  });

  it("leaves requests without lt, or with their own Authorization, alone", async () => {
    expect((await proxy(new NextRequest("http://localhost:3000/courses/x"))).headers.get("x-middleware-request-authorization")).toBeNull();
    const own = new NextRequest("http://localhost:3000/x?lt=abc", { headers: { authorization: "Bearer mine" } });
    expect((await proxy(own)).headers.get("x-middleware-request-authorization")).toBe("Bearer mine");
  });
});

describe("proxy: security headers (issue 10, item 7)", () => {
  afterEach(() => {
    (globalThis as { __lanternFrameOrigins?: unknown }).__lanternFrameOrigins = undefined;
    vi.unstubAllEnvs();
    resetEnvForTests();
  });

  it("sends a nonce CSP, HSTS and Permissions-Policy, and hands the same nonce to the page", async () => {
    const res = await proxy(new NextRequest("http://localhost:3000/courses"));
    const csp = res.headers.get("content-security-policy")!;
    const nonce = res.headers.get("x-middleware-request-x-nonce")!;
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{24}$/);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'wasm-unsafe-eval'`);
    expect(res.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=/);
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    const other = await proxy(new NextRequest("http://localhost:3000/courses"));
    expect(other.headers.get("x-middleware-request-x-nonce")).not.toBe(nonce);
  });

  it("lets the registered LMSs frame Lantern and no other site", async () => {
    installFrameOriginsLoader(async () => ["https://moodle.example.edu"]);
    const csp = (await proxy(new NextRequest("http://localhost:3000/courses/x"))).headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'self' https://moodle.example.edu");
    expect(csp).not.toContain("evil.example");
    expect(csp).not.toMatch(/frame-ancestors[^;]*\*/);
    const registration = (await proxy(new NextRequest("http://localhost:3000/lti/register"))).headers.get("content-security-policy")!;
    expect(registration).toContain("frame-ancestors http: https:");
  });

  it("sends none in development, where next dev's tooling runs inline code", async () => {
    vi.stubEnv("APP_ENV", "development");
    resetEnvForTests();
    const res = await proxy(new NextRequest("http://localhost:3000/courses"));
    expect(res.headers.get("content-security-policy")).toBeNull();
    expect(res.headers.get("x-middleware-request-x-nonce")).toBeNull();
  });
});
