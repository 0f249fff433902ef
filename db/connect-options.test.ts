import { describe, expect, it, vi } from "vitest";
import { namedPreparedStatements, parseEnv, resetEnvForTests } from "@/lib/env";
import { connectOptionsFromEnv } from "./client";
import { statementName } from "./prepared";

const pooled = "postgres://app:pw@ep-cool-123-pooler.eu-central-1.aws.neon.tech/lantern";
const direct = "postgres://app:pw@ep-cool-123.eu-central-1.aws.neon.tech/lantern";

describe("connectOptionsFromEnv", () => {
  it("serves the app over DATABASE_URL and migrates over DATABASE_URL_DIRECT (Neon: pooled vs direct host)", () => {
    const e = parseEnv({ APP_ENV: "test", DATA_DIR: "/tmp", DATABASE_URL: pooled, DATABASE_URL_DIRECT: direct, DB_POOL_MAX: "7" });
    expect(connectOptionsFromEnv(e)).toMatchObject({ driver: "neon", url: pooled, poolMax: 7 });
    expect(connectOptionsFromEnv(e, { purpose: "migrate" })).toMatchObject({ driver: "neon", url: direct });
  });

  it("migrates over DATABASE_URL when no direct URL is set, and refuses a malformed one", () => {
    const e = parseEnv({ APP_ENV: "test", DATA_DIR: "/tmp", DATABASE_URL: "postgres://127.0.0.1/lantern" });
    expect(connectOptionsFromEnv(e, { purpose: "migrate" })).toMatchObject({ driver: "pg", url: "postgres://127.0.0.1/lantern", poolMax: 10 });
    expect(() => parseEnv({ APP_ENV: "test", DATA_DIR: "/tmp", DATABASE_URL_DIRECT: "mysql://x" })).toThrow(/DATABASE_URL_DIRECT is invalid/);
  });
});

describe("statementName", () => {
  it("names prepared statements unless DB_PREPARED_STATEMENTS=0 (then they are unnamed, for old transaction poolers)", () => {
    expect(statementName("lti_user_in_course")).toBe("lti_user_in_course");
    vi.stubEnv("DB_PREPARED_STATEMENTS", "0");
    resetEnvForTests();
    try {
      expect(statementName("lti_user_in_course")).toBe("");
    } finally {
      vi.unstubAllEnvs();
      resetEnvForTests();
    }
  });
});

describe("namedPreparedStatements", () => {
  const settings = (raw: Record<string, string>) => parseEnv({ APP_ENV: "test", DATA_DIR: "/tmp", ...raw });

  it("is off by default through a recognisable transaction pooler (Neon's -pooler host, PgBouncer's port 6432)", () => {
    expect(namedPreparedStatements(settings({ DATABASE_URL: pooled }))).toBe(false);
    expect(namedPreparedStatements(settings({ DATABASE_URL: "postgres://app@db.internal:6432/lantern" }))).toBe(false);
  });

  it("is on by default for direct connections and the embedded database", () => {
    expect(namedPreparedStatements(settings({ DATABASE_URL: direct }))).toBe(true);
    expect(namedPreparedStatements(settings({ DATABASE_URL: "postgres://app@db.internal:5432/lantern" }))).toBe(true);
    expect(namedPreparedStatements(settings({ DATABASE_URL: "postgres://app@db.internal/lantern" }))).toBe(true);
    expect(namedPreparedStatements(settings({}))).toBe(true);
  });

  it("follows DB_PREPARED_STATEMENTS when it is set, either way", () => {
    expect(namedPreparedStatements(settings({ DATABASE_URL: pooled, DB_PREPARED_STATEMENTS: "1" }))).toBe(true);
    expect(namedPreparedStatements(settings({ DATABASE_URL: direct, DB_PREPARED_STATEMENTS: "0" }))).toBe(false);
    expect(namedPreparedStatements(settings({ DATABASE_URL: direct, DB_PREPARED_STATEMENTS: "" }))).toBe(true);
  });
});
