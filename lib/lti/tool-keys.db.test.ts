import { createPrivateKey, createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { getLtijs } from "./ltijs";
import { ltijsPlatform } from "./ltijs-registry";
import { KEY_ROTATION_GRACE_MS, currentToolKid, resetToolKeyCache, rotateToolKey, toolJwks } from "./tool-keys";
import { createTestPlatform } from "./testing/test-platform";

withTestDatabase();

describe("tool signing keys (stored in ltijs' key collections)", () => {
  it("creates exactly one key when many callers need it at once, published by ltijs' Keyset", async () => {
    resetToolKeyCache();
    const kids = await Promise.all(Array.from({ length: 8 }, () => currentToolKid()));
    expect(new Set(kids).size).toBe(1);
    const jwks = await toolJwks();
    expect(jwks.keys.map((k) => k.kid)).toEqual([kids[0]]);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(jwks.keys[0]).not.toHaveProperty("d");
  });

  it("keeps the private key encrypted at rest", async () => {
    const { plugin } = await getLtijs();
    const kid = await currentToolKid();
    const [raw] = (await plugin.Get(false, "privatekey", { kid })) as Record<string, unknown>[];
    expect(JSON.stringify(raw)).not.toContain("PRIVATE KEY");
    expect(raw).toHaveProperty("iv");
  });

  it("rotation signs with the new key and keeps the old one published for the grace period", async () => {
    const before = await currentToolKid();
    const { kid } = await rotateToolKey();
    expect(await currentToolKid()).toBe(kid);
    const published = (await toolJwks()).keys.map((k) => k.kid);
    expect(published).toEqual(expect.arrayContaining([before, kid]));
    // The retired key expires at the end of the grace period (checked on read).
    const { plugin } = await getLtijs();
    await plugin.setExpiry("publickey", { kid: before }, new Date(Date.now() - 1));
    expect((await toolJwks()).keys.map((k) => k.kid)).not.toContain(before);
    expect(KEY_ROTATION_GRACE_MS).toBeGreaterThanOrEqual(24 * 60 * 60 * 1000);
  });

  it("never leaves zero current keys when two rotations race", async () => {
    await Promise.all([rotateToolKey(), rotateToolKey()]);
    resetToolKeyCache();
    expect(await currentToolKid()).toBeTruthy();
  });

  it("ltijs Platform objects sign with the current tool key (their kid and private key match the JWKS)", async () => {
    const lms = await createTestPlatform({ issuer: "https://keys-lms.test" });
    const platform = await ltijsPlatform(lms.platform);
    const kid = await platform.platformKid();
    expect(kid).toBe(await currentToolKid());
    const jwk = (await toolJwks()).keys.find((k) => k.kid === kid)!;
    const fromPrivate = createPublicKey(createPrivateKey(await platform.platformPrivateKey())).export({ format: "jwk" });
    expect(fromPrivate.n).toBe(jwk.n);
    expect(await platform.platformAuthorizationServer()).toBe(lms.platform.authTokenUrl);
    expect(await platform.platformActive()).toBe(true);
    expect(await platform.platformId()).toBe(lms.platform.id);
    // Activation is the registry's: a deactivated row gives an inactive ltijs Platform, and ltijs cannot switch it.
    const inactive = await ltijsPlatform({ ...lms.platform, active: false });
    expect(await inactive.platformActive()).toBe(false);
    await expect(inactive.platformActive(true)).rejects.toThrow(/registry/);
  });
});
