import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseDriver, parseEnv } from "./env";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "lantern-env-"));
const secrets = { AUTH_SECRET: "a".repeat(32), KEY_ENCRYPTION_SECRET: "k".repeat(32) };

describe("parseEnv", () => {
  it("gives development working defaults and generates secrets once into DATA_DIR", () => {
    const dir = tmp();
    const first = parseEnv({ DATA_DIR: dir });
    expect(first.APP_ENV).toBe("development");
    expect(first.APP_URL).toBe("http://localhost:3000");
    expect(first.PGLITE_DIR).toBe(path.join(dir, "pglite"));
    expect(first.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    const stored = JSON.parse(readFileSync(path.join(dir, "secrets.json"), "utf8"));
    expect(stored.AUTH_SECRET).toBe(first.AUTH_SECRET);
    const second = parseEnv({ DATA_DIR: dir });
    expect(second.AUTH_SECRET).toBe(first.AUTH_SECRET);
    expect(second.KEY_ENCRYPTION_SECRET).toBe(first.KEY_ENCRYPTION_SECRET);
  });

  it("defaults APP_URL to the port the server listens on outside production, and never in production", () => {
    expect(parseEnv({ DATA_DIR: tmp(), PORT: "3020" }).APP_URL).toBe("http://localhost:3020");
    expect(parseEnv({ APP_ENV: "test", DATA_DIR: tmp(), PORT: "3260" }).APP_URL).toBe("http://localhost:3260");
    expect(parseEnv({ DATA_DIR: tmp(), PORT: "3020", APP_URL: "http://localhost:3000" }).APP_URL).toBe("http://localhost:3000");
    expect(parseEnv({ DATA_DIR: tmp(), PORT: "not-a-port" }).APP_URL).toBe("http://localhost:3000");
    expect(parseEnv({ DATA_DIR: tmp(), PORT: "70000" }).APP_URL).toBe("http://localhost:3000");
    expect(parseEnv({ DATA_DIR: tmp(), PORT: "3020" }).PORT).toBe(3020);
    expect(() => parseEnv({ NODE_ENV: "production", PORT: "3020", ...secrets })).toThrow(/APP_URL is required/);
  });

  it("stops production start-up with one line naming a missing required setting", () => {
    expect(() => parseEnv({ NODE_ENV: "production", APP_URL: "https://lantern.example.edu" })).toThrow(
      /^Configuration error: AUTH_SECRET is required\./,
    );
    expect(() => parseEnv({ NODE_ENV: "production", ...secrets })).toThrow(/APP_URL is required/);
  });

  it("names an invalid setting and says why", () => {
    expect(() =>
      parseEnv({ NODE_ENV: "production", APP_URL: "https://x.edu", ...secrets, DATABASE_URL: "mysql://x" }),
    ).toThrow(/DATABASE_URL is invalid \(must start with postgres/);
    expect(() => parseEnv({ APP_ENV: "test", DATA_DIR: tmp(), AUTH_SECRET: "short" })).toThrow(
      /AUTH_SECRET is invalid/,
    );
  });

  it("never allows the test login in production", () => {
    expect(() =>
      parseEnv({ NODE_ENV: "production", APP_URL: "https://x.edu", ...secrets, ENABLE_TEST_LOGIN: "1" }),
    ).toThrow(/ENABLE_TEST_LOGIN must not be set in production/);
  });

  it("treats an empty APP_ENV as unset", () => {
    expect(parseEnv({ APP_ENV: "", NODE_ENV: "", DATA_DIR: tmp() }).APP_ENV).toBe("development");
  });

  it("strips a trailing slash from APP_URL and treats blank optional settings as unset", () => {
    const e = parseEnv({ APP_ENV: "test", DATA_DIR: tmp(), APP_URL: "http://localhost:3100/", RESEND_API_KEY: " " });
    expect(e.APP_URL).toBe("http://localhost:3100");
    expect(e.RESEND_API_KEY).toBeUndefined();
  });
});

describe("scale-out settings", () => {
  const prod = { NODE_ENV: "production", APP_URL: "https://x.edu", ...secrets };

  it("signs bucket downloads from 4 MiB by default, from any size given, or never with off", () => {
    expect(parseEnv(prod).SIGNED_DOWNLOAD_MIN_BYTES).toBe(4 * 1024 * 1024);
    expect(parseEnv({ ...prod, SIGNED_DOWNLOAD_MIN_BYTES: "0" }).SIGNED_DOWNLOAD_MIN_BYTES).toBe(0);
    expect(parseEnv({ ...prod, SIGNED_DOWNLOAD_MIN_BYTES: "off" }).SIGNED_DOWNLOAD_MIN_BYTES).toBeNull();
    expect(() => parseEnv({ ...prod, SIGNED_DOWNLOAD_MIN_BYTES: "4MB" })).toThrow(/SIGNED_DOWNLOAD_MIN_BYTES is invalid \(must be a number of bytes or off\)/);
  });

  it("drains 5 s after SIGTERM in production and not at all elsewhere unless told", () => {
    expect(parseEnv(prod).SHUTDOWN_DRAIN_SECONDS).toBe(5);
    expect(parseEnv({ APP_ENV: "test", DATA_DIR: tmp() }).SHUTDOWN_DRAIN_SECONDS).toBe(0);
    expect(parseEnv({ ...prod, SHUTDOWN_DRAIN_SECONDS: "15" }).SHUTDOWN_DRAIN_SECONDS).toBe(15);
    expect(() => parseEnv({ ...prod, SHUTDOWN_DRAIN_SECONDS: "-1" })).toThrow(/SHUTDOWN_DRAIN_SECONDS is invalid/);
  });
});

describe("databaseDriver", () => {
  const base = { APP_ENV: "test", DATA_DIR: tmp() };
  it("chooses PGlite without a URL, Neon for Neon hosts, pg otherwise", () => {
    expect(databaseDriver(parseEnv(base))).toBe("pglite");
    expect(databaseDriver(parseEnv({ ...base, DATABASE_URL: "postgres://u:p@ep-cool-1.us-east-2.aws.neon.tech/db" }))).toBe("neon");
    expect(databaseDriver(parseEnv({ ...base, DATABASE_URL: "postgresql://u@db.internal:5432/lantern" }))).toBe("pg");
  });
  it("honours an explicit DATABASE_DRIVER", () => {
    expect(
      databaseDriver(parseEnv({ ...base, DATABASE_URL: "postgres://u@127.0.0.1/x", DATABASE_DRIVER: "neon" })),
    ).toBe("neon");
  });
});
