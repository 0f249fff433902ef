import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { selectOptionalCurrentToolKey, selectPublishedToolKeys } from "@/lib/models/lti-platforms";
import { currentSigningKey, resetToolKeyCache, rotateToolKey } from "./tool-keys";

withTestDatabase();

describe("tool signing keys", () => {
  it("creates exactly one key when many callers need it at once", async () => {
    resetToolKeyCache();
    const keys = await Promise.all(Array.from({ length: 8 }, () => currentSigningKey()));
    expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
    expect(await selectPublishedToolKeys({ retiredSince: new Date() })).toHaveLength(1);
  });

  it("never leaves zero current keys when two rotations race", async () => {
    await Promise.all([rotateToolKey(), rotateToolKey()]);
    expect(await selectOptionalCurrentToolKey()).not.toBeNull();
  });
});
