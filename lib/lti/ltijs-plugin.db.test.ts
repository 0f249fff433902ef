import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { env } from "@/lib/env";
import { insertLtijsDocument } from "@/lib/models/ltijs-documents";
import type { LtijsProvider } from "ltijs";
import { getLtijs } from "./ltijs";
import { LtijsPostgresPlugin } from "./ltijs-plugin";

withTestDatabase();

const KEY = "a-test-encryption-key-of-some-length";

async function plugin() {
  const p = new LtijsPostgresPlugin();
  await p.setup();
  return p;
}

describe("ltijs Postgres plugin", () => {
  it("refuses calls before setup, like ltijs' own plugins", async () => {
    await expect(new LtijsPostgresPlugin().Get(false, "platform")).rejects.toThrow("PROVIDER_NOT_DEPLOYED");
  });

  it("gets by top-level equality, returns false when nothing matches", async () => {
    const p = await plugin();
    await p.Insert(false, "platform", { platformUrl: "https://a.test", clientId: "1", platformName: "A" });
    await p.Insert(false, "platform", { platformUrl: "https://a.test", clientId: "2", platformName: "A2" });
    expect(await p.Get(false, "platform", { platformUrl: "https://a.test", clientId: "2" })).toEqual([
      { platformUrl: "https://a.test", clientId: "2", platformName: "A2" },
    ]);
    expect(await p.Get(false, "platform", { platformUrl: "https://a.test" })).toHaveLength(2);
    expect(await p.Get(false, "platform", { platformUrl: "https://nobody.test" })).toBe(false);
  });

  it("replaces by upsert and drops other rows the query matched", async () => {
    const p = await plugin();
    const q = { platformUrl: "https://r.test", clientId: "1" };
    await p.Replace(KEY, "publickey", q, { key: "PEM-1", kid: "k1" }, { kid: "k1", ...q });
    await p.Replace(KEY, "publickey", q, { key: "PEM-1b", kid: "k1" }, { kid: "k1", ...q });
    expect(await p.Get(KEY, "publickey", q)).toEqual([{ key: "PEM-1b", kid: "k1" }]);
    await p.Replace(KEY, "publickey", q, { key: "PEM-2", kid: "k2" }, { kid: "k2", ...q });
    expect(await p.Get(KEY, "publickey", q)).toEqual([{ key: "PEM-2", kid: "k2" }]);
  });

  it("modifies plain and encrypted documents", async () => {
    const p = await plugin();
    await p.Insert(false, "platformStatus", { id: "kid-1", active: false });
    await p.Modify(false, "platformStatus", { id: "kid-1" }, { active: true });
    expect(await p.Get(false, "platformStatus", { id: "kid-1" })).toEqual([{ id: "kid-1", active: true }]);
    await p.Insert(KEY, "privatekey", { key: "SECRET", kid: "kid-9" }, { kid: "kid-9" });
    await p.Modify(KEY, "privatekey", { kid: "kid-9" }, { key: "ROTATED" });
    expect(await p.Get(KEY, "privatekey", { kid: "kid-9" })).toEqual([{ key: "ROTATED", kid: "kid-9" }]);
  });

  it("returns createdAt in epoch ms for encrypted TTL collections (ltijs' access-token cache needs it)", async () => {
    const p = await plugin();
    const index = { platformUrl: "https://t.test", clientId: "1", scopes: "s" };
    await p.Replace(KEY, "accesstoken", index, { token: { access_token: "x", expires_in: 3600 } }, index);
    const [row] = (await p.Get(KEY, "accesstoken", index)) as { createdAt: number }[];
    expect(typeof row.createdAt).toBe("number");
    expect(Date.now() - row.createdAt).toBeLessThan(60_000);
  });

  it("rejects a duplicate nonce and hides expired documents until cleanup removes them", async () => {
    const p = await plugin();
    await p.Insert(false, "nonce", { nonce: "n-1" });
    await expect(p.Insert(false, "nonce", { nonce: "n-1" })).rejects.toThrow();
    await insertLtijsDocument({ collection: "nonce", docKey: '["old"]', doc: { nonce: "old" }, expiresAt: new Date(Date.now() - 1000) });
    expect(await p.Get(false, "nonce", { nonce: "old" })).toBe(false);
    expect(await p.cleanup()).toBeGreaterThanOrEqual(1);
  });

  it("deletes by query", async () => {
    const p = await plugin();
    await p.Insert(false, "state", { state: "s-1", query: {} });
    await p.Delete("state", { state: "s-1" });
    expect(await p.Get(false, "state", { state: "s-1" })).toBe(false);
  });

  it("encrypts like ltijs (AES-256-CBC, sha256 key): ltijs' own Decrypt reads our output", async () => {
    const p = await plugin();
    const sealed = await p.Encrypt("hello", KEY);
    const { default: LtijsDatabase } = await import("ltijs/dist/Utils/Database.js");
    expect(await LtijsDatabase.prototype.Decrypt.call(null, sealed.data, sealed.iv, KEY)).toBe("hello");
  });
});

describe("ltijs' own provider on the plugin (compatibility: Lantern does not use the Provider itself)", () => {
  it("is a lazy singleton whose platform registry and keyset work over Postgres", async () => {
    const a = await getLtijs();
    const b = await getLtijs();
    expect(a).toBe(b);
    // A second Provider instance (ltijs exports a singleton), set up on Lantern's plugin but never deployed.
    const { Provider } = await import("ltijs");
    const provider = new (Provider as unknown as { constructor: new () => LtijsProvider }).constructor();
    provider.setup(env().KEY_ENCRYPTION_SECRET, { plugin: a.plugin });
    // The keyset decrypts every stored public key: drop the ones the plugin tests sealed with another key.
    await provider.Database.Delete("publickey", {});
    await provider.registerPlatform({
      url: "https://ltijs-lms.test",
      name: "ltijs LMS",
      clientId: "ltijs-client",
      authenticationEndpoint: "https://ltijs-lms.test/auth",
      accesstokenEndpoint: "https://ltijs-lms.test/token",
      authConfig: { method: "JWK_SET", key: "https://ltijs-lms.test/jwks" },
    });
    const platform = await provider.getPlatform("https://ltijs-lms.test", "ltijs-client");
    expect(platform).not.toBe(false);
    const p = platform as Exclude<typeof platform, false | unknown[]>;
    expect(await p.platformName()).toBe("ltijs LMS");
    expect(await p.platformActive()).toBe(true);
    expect(await p.platformPrivateKey()).toContain("PRIVATE KEY");
    const { default: Keyset } = await import("ltijs/dist/Utils/Keyset.js");
    const keyset = await Keyset.build(provider.Database, env().KEY_ENCRYPTION_SECRET);
    expect(keyset.keys.map((k) => k.kid)).toContain(await p.platformKid());
    await provider.deletePlatform("https://ltijs-lms.test", "ltijs-client");
    expect(await provider.getPlatform("https://ltijs-lms.test", "ltijs-client")).toBe(false);
  }, 60_000);
});
