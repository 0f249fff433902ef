import { describe, expect, it, vi } from "vitest";
import { parseEnv, resetEnvForTests } from "@/lib/env";
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
