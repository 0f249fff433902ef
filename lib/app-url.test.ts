import { describe, expect, it } from "vitest";
import { appUrlPortProblem, differsFromAppUrl, requestOrigin } from "./app-url";

describe("requestOrigin", () => {
  it("takes the proxy's forwarded host and scheme, else Host", () => {
    expect(requestOrigin(new Headers({ host: "localhost:3020" }))).toBe("http://localhost:3020");
    expect(requestOrigin(new Headers({ host: "10.0.0.5:3000", "x-forwarded-host": "lantern.example.edu", "x-forwarded-proto": "https" }))).toBe(
      "https://lantern.example.edu",
    );
    expect(requestOrigin(new Headers({ host: "a:1", "x-forwarded-host": "lantern.example.edu:443, inner", "x-forwarded-proto": "https,http" }))).toBe(
      "https://lantern.example.edu",
    );
  });

  it("is null without a usable host", () => {
    expect(requestOrigin(new Headers())).toBeNull();
    expect(requestOrigin(new Headers({ host: "bad host/<x>" }))).toBeNull();
  });
});

describe("differsFromAppUrl", () => {
  it("catches a dev server on another port than APP_URL's", () => {
    expect(differsFromAppUrl("http://localhost:3020", "http://localhost:3000")).toBe(true);
    expect(differsFromAppUrl("http://localhost:3000", "http://localhost")).toBe(true);
  });

  it("catches another host or scheme", () => {
    expect(differsFromAppUrl("https://lantern.example.edu", "https://old.example.edu")).toBe(true);
    expect(differsFromAppUrl("http://lantern.example.edu", "https://lantern.example.edu")).toBe(true);
    expect(differsFromAppUrl("http://192.168.1.4:3000", "http://localhost:3000")).toBe(true);
  });

  it("accepts the same address, a default port written out, and loopback names for each other", () => {
    expect(differsFromAppUrl("https://lantern.example.edu", "https://lantern.example.edu:443")).toBe(false);
    expect(differsFromAppUrl("http://localhost:3020", "http://localhost:3020")).toBe(false);
    expect(differsFromAppUrl("http://127.0.0.1:3020", "http://localhost:3020")).toBe(false);
    expect(differsFromAppUrl("http://[::1]:3020", "http://localhost:3020")).toBe(false);
  });
});

describe("appUrlPortProblem", () => {
  it("names a local APP_URL on another port than the server's", () => {
    expect(appUrlPortProblem("http://localhost:3000", 3020)).toMatch(/APP_URL is http:\/\/localhost:3000, but this server listens on port 3020/);
    expect(appUrlPortProblem("http://127.0.0.1", 3000)).not.toBeNull();
  });

  it("is silent when they agree, and for a public APP_URL (a proxy in front maps its port)", () => {
    expect(appUrlPortProblem("http://localhost:3020", 3020)).toBeNull();
    expect(appUrlPortProblem("https://lantern.example.edu", 3000)).toBeNull();
  });
});
