import { generateKeyPair, randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { env } from "@/lib/env";
import { getLtijs } from "./ltijs";

/** How long a retired key stays in /lti/jwks so tokens and platform caches that use it keep verifying. */
export const KEY_ROTATION_GRACE_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * The `platformUrl`/`clientId` index of Lantern's keys in ltijs' key collections. ltijs keeps one key pair per
 * platform (generated synchronously, 4096 bits, replaced without a grace period); Lantern keeps one rotating tool
 * key for all platforms instead, and hands its kid to every ltijs `Platform` (lib/lti/ltijs-registry.ts).
 */
const OWNER = "lantern:tool-key";
const CACHE_MS = 60_000;
const generate = promisify(generateKeyPair);

type KeyDoc = { kid: string; createdAt: string; retiredAt?: string };

let cached: { kid: string; loadedAt: number } | undefined;
let creating: Promise<unknown> | undefined;

/**
 * Creates a new RSA-2048 signing key and makes it current. The key pair is stored through the ltijs plugin in
 * ltijs' own `publickey`/`privatekey` collections, encrypted as ltijs encrypts them, so ltijs' Keyset and Platform
 * read it. Older keys are retired: still published (and usable) for KEY_ROTATION_GRACE_MS, then gone.
 */
export async function rotateToolKey(): Promise<{ kid: string }> {
  const { plugin } = await getLtijs();
  const { publicKey, privateKey } = await generate("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const kid = randomUUID();
  const createdAt = new Date().toISOString();
  const index = { kid, platformUrl: OWNER, clientId: OWNER, createdAt };
  const secret = env().KEY_ENCRYPTION_SECRET;
  await plugin.Insert(secret, "privatekey", { key: privateKey, kid }, index);
  await plugin.Insert(secret, "publickey", { key: publicKey, kid }, index);
  // Retire only keys older than this one: two concurrent rotations must not retire each other's keys.
  const retireAt = new Date(Date.now() + KEY_ROTATION_GRACE_MS);
  for (const old of await liveKeys()) {
    if (old.kid === kid || old.retiredAt || old.createdAt >= createdAt) continue;
    for (const collection of ["privatekey", "publickey"]) {
      await plugin.Modify(false, collection, { kid: old.kid }, { retiredAt: createdAt });
      await plugin.setExpiry(collection, { kid: old.kid }, retireAt);
    }
  }
  cached = undefined;
  return { kid };
}

async function liveKeys(): Promise<KeyDoc[]> {
  const { plugin } = await getLtijs();
  const rows = (await plugin.Get(false, "privatekey", { platformUrl: OWNER })) || [];
  return rows as unknown as KeyDoc[];
}

function newest(keys: KeyDoc[]): KeyDoc | undefined {
  return keys.filter((k) => !k.retiredAt).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

/** The kid of the key Lantern signs with (client assertions, deep-linking responses); created on first use. */
export async function currentToolKid(): Promise<string> {
  if (cached && Date.now() - cached.loadedAt < CACHE_MS) return cached.kid;
  let current = newest(await liveKeys());
  if (!current) {
    // Concurrent first uses in this process share one key creation (seen in the grade-drain bench: parallel
    // deliveries each created a key and retired the others').
    creating ??= rotateToolKey().finally(() => (creating = undefined));
    await creating;
    current = newest(await liveKeys());
  }
  if (!current) throw new Error("No LTI tool key could be created");
  cached = { kid: current.kid, loadedAt: Date.now() };
  return current.kid;
}

/**
 * The public JWKS served at /lti/jwks, built by ltijs' Keyset from the `publickey` collection: the current key and
 * keys retired within the grace period (expired ones are filtered on read).
 * https://www.imsglobal.org/spec/security/v1p0/#h_key-set-url
 */
export async function toolJwks(): Promise<{ keys: Record<string, string>[] }> {
  await currentToolKid();
  const { plugin, Keyset } = await getLtijs();
  return Keyset.build(plugin, env().KEY_ENCRYPTION_SECRET);
}

/** Test hook: forget the cached signing key (a new test database has other keys). */
export function resetToolKeyCache(): void {
  cached = undefined;
}

/** Lantern's published signing keys, newest first: the current one, and retired ones with when they stop verifying. */
export async function selectToolKeys(): Promise<{ kid: string; createdAt: Date; current: boolean; expiresAt: Date | null }[]> {
  const keys = await liveKeys();
  const current = newest(keys)?.kid;
  return keys
    .map((k) => ({
      kid: k.kid,
      createdAt: new Date(k.createdAt),
      current: k.kid === current,
      expiresAt: k.retiredAt ? new Date(new Date(k.retiredAt).getTime() + KEY_ROTATION_GRACE_MS) : null,
    }))
    .filter((k) => !k.expiresAt || k.expiresAt.getTime() > Date.now())
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}
