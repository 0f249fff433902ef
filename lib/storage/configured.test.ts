import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { configuredStorage, DeferredS3Storage } from "./index";
import { LocalStorage } from "./local";
import { S3Storage } from "./s3";

const base = () => ({ APP_ENV: "test", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "lantern-storage-env-")) });

describe("configuredStorage", () => {
  it("uses the local directory by default and the bucket when STORAGE_URL is set", async () => {
    expect(configuredStorage(parseEnv(base()))).toBeInstanceOf(LocalStorage);
    const s3 = configuredStorage(
      parseEnv({ ...base(), STORAGE_URL: "s3://lantern-files/prod", S3_ENDPOINT: "http://127.0.0.1:9000", S3_FORCE_PATH_STYLE: "1" }),
    );
    // The AWS SDK loads on first use.
    expect(s3).toBeInstanceOf(DeferredS3Storage);
    expect(s3.kind).toBe("s3");
    const bucket = await (s3 as DeferredS3Storage).ready();
    expect(bucket).toBeInstanceOf(S3Storage);
    expect(bucket.bucket).toBe("lantern-files");
    expect(bucket.objectKey("exports/a.csv")).toBe("prod/exports/a.csv");
  });

  it("names a malformed STORAGE_URL and a half-given key pair", () => {
    expect(() => parseEnv({ ...base(), STORAGE_URL: "https://bucket.s3.amazonaws.com" })).toThrow(/STORAGE_URL is invalid \(must look like s3:\/\/bucket/);
    expect(() => parseEnv({ ...base(), STORAGE_URL: "s3://lantern-files", S3_ACCESS_KEY_ID: "AKIA" })).toThrow(
      /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together/,
    );
  });
});
