import { mkdtempSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, inject } from "vitest";
import { setStorageForTests } from "../index";
import { LocalStorage } from "../local";
import type { S3Storage } from "../s3";
import { startTestS3Server, testS3Storage, type TestS3Server } from "./s3-server";

declare module "vitest" {
  export interface ProvidedContext {
    /** `local` or `s3` (TEST_STORAGE, read in vitest.config.ts): which driver storage users are tested on. */
    testStorage: string;
  }
}

/**
 * Gives the test file its own object storage for its whole run: a temporary directory, or (TEST_STORAGE=s3, the
 * `pg` pass of `npm test`) a bucket on an s3rver child process, so every storage user is tested on both drivers.
 * `storedKeys()` lists what is stored, including anything half-written (temporary files, open multipart uploads).
 */
export function withTestStorage(): { kind: () => string; storedKeys: () => Promise<string[]> } {
  let dir = "";
  let server: TestS3Server | null = null;
  let s3: S3Storage | null = null;
  beforeAll(async () => {
    if (inject("testStorage") === "s3") {
      server = await startTestS3Server();
      s3 = testS3Storage(server, { partSize: 5 * 1024 * 1024 });
      setStorageForTests(s3);
    } else {
      dir = mkdtempSync(path.join(os.tmpdir(), "lantern-storage-test-"));
      setStorageForTests(new LocalStorage(dir));
    }
  });
  afterAll(async () => {
    setStorageForTests(undefined);
    await server?.stop();
  });
  return {
    kind: () => (s3 ? "s3" : "local"),
    async storedKeys() {
      if (s3 && server) {
        const keys: string[] = [];
        let token: string | undefined;
        do {
          const page = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, ContinuationToken: token }));
          for (const o of page.Contents ?? []) if (!o.Key!.endsWith(".meta.json")) keys.push(o.Key!);
          token = page.NextContinuationToken;
        } while (token);
        return [...keys, ...server.openUploads().map((id) => `(open upload ${id})`)];
      }
      const out: string[] = [];
      const walk = (at: string) => {
        for (const name of readdirSync(at)) {
          const full = path.join(at, name);
          if (statSync(full).isDirectory()) walk(full);
          else if (!name.endsWith(".meta.json")) out.push(path.relative(dir, full));
        }
      };
      walk(dir);
      return out;
    },
  };
}
