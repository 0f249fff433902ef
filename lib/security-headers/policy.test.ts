import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, lmsOriginSources, securityHeaders } from "./policy";

const directives = (csp: string) => Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));

describe("contentSecurityPolicy", () => {
  const lms = ["https://canvas.example.edu", "https://moodle.example.edu"];

  it("allows scripts from Lantern or with this response's nonce, WebAssembly and workers, no plugins or <base>", () => {
    const d = directives(contentSecurityPolicy({ kind: "app", nonce: "n0nce", lmsOrigins: lms, https: true }));
    expect(d["script-src"]).toBe("'self' 'nonce-n0nce' 'wasm-unsafe-eval'");
    expect(d["script-src"]).not.toContain("unsafe-inline");
    expect(d["script-src"]).not.toContain("'unsafe-eval'");
    expect(d["worker-src"]).toBe("'self' blob:");
    expect(d["object-src"]).toBe("'none'");
    expect(d["base-uri"]).toBe("'self'");
    expect(d["default-src"]).toBe("'self'");
    expect("upgrade-insecure-requests" in d).toBe(true);
  });

  it("lets only Lantern and the registered LMSs frame it and receive its forms", () => {
    const d = directives(contentSecurityPolicy({ kind: "app", nonce: "n", lmsOrigins: lms, https: true }));
    expect(d["frame-ancestors"]).toBe("'self' https://canvas.example.edu https://moodle.example.edu");
    expect(d["form-action"]).toBe("'self' https://canvas.example.edu https://moodle.example.edu");
    expect(directives(contentSecurityPolicy({ kind: "app", nonce: "n", lmsOrigins: [], https: false }))["frame-ancestors"]).toBe("'self'");
  });

  it("lets any https LMS frame Dynamic Registration, which comes before the LMS is known", () => {
    expect(directives(contentSecurityPolicy({ kind: "registration", nonce: "n", lmsOrigins: [], https: true }))["frame-ancestors"]).toBe("https:");
  });

  it("gives the dev LMS an LMS's own policy: it frames and posts to the tool, nobody frames it", () => {
    const d = directives(contentSecurityPolicy({ kind: "dev-lms", nonce: "n", lmsOrigins: lms, https: false }));
    expect(d["frame-ancestors"]).toBe("'self'");
    expect(d["frame-src"]).toBe("'self' http: https:");
    expect(d["object-src"]).toBe("'none'");
  });
});

describe("securityHeaders", () => {
  it("sends HSTS, a Permissions-Policy that turns devices off, and the CSP", () => {
    const h = securityHeaders({ kind: "app", nonce: "n", lmsOrigins: [], https: true });
    expect(h["strict-transport-security"]).toMatch(/^max-age=31536000/);
    expect(h["permissions-policy"]).toContain("camera=()");
    expect(h["permissions-policy"]).toContain("microphone=()");
    expect(h["content-security-policy"]).toContain("frame-ancestors 'self'");
  });
});

describe("lmsOriginSources", () => {
  it("keeps origins only, deduplicated and sorted, https only in production", () => {
    const urls = ["https://moodle.example.edu/mod/lti/auth.php", "https://moodle.example.edu", "http://127.0.0.1:3100/dev/lms", null, "not a url"];
    expect(lmsOriginSources(urls, { httpsOnly: false })).toEqual(["http://127.0.0.1:3100", "https://moodle.example.edu"]);
    expect(lmsOriginSources(urls, { httpsOnly: true })).toEqual(["https://moodle.example.edu"]);
  });

  it("adds the schools' hosts for a Canvas Cloud issuer", () => {
    expect(lmsOriginSources(["https://canvas.instructure.com"], { httpsOnly: true })).toEqual(["https://*.instructure.com", "https://canvas.instructure.com"]);
  });

  it("never lets a URL smuggle CSP syntax or other schemes into the header", () => {
    const hostile = ["javascript:alert(1)", "data:text/html,x", "https://a.example;script-src *", "https://user:pw@b.example/", "ftp://c.example"];
    const sources = lmsOriginSources(hostile, { httpsOnly: false });
    expect(sources.every((s) => /^https?:\/\/[a-z0-9.-]+(:\d+)?$/.test(s))).toBe(true);
    expect(sources.join(" ")).not.toMatch(/[;,'*]/);
  });
});
