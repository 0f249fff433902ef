import { randomUUID } from "node:crypto";
import { exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type CryptoKey } from "jose";
import {
  insertToolKey,
  retireToolKeysOlderThan,
  selectOptionalCurrentToolKey,
  selectPublishedToolKeys,
} from "@/lib/models/lti-platforms";
import { openSecret, sealSecret } from "./secret-box";

/** How long a retired key stays in /lti/jwks so tokens and platform caches that use it keep verifying. */
export const KEY_ROTATION_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

export type SigningKey = { kid: string; privateKey: CryptoKey };

let cached: { kid: string; key: SigningKey; loadedAt: number } | undefined;
const CACHE_MS = 60_000;

/** Creates a new RSA-2048 signing key and makes it current; older keys are retired but stay published a while. */
export async function rotateToolKey(): Promise<{ kid: string }> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } as unknown as Record<string, string>;
  await insertToolKey({ values: { kid, publicJwk, privateKeyEncrypted: sealSecret(await exportPKCS8(privateKey)) } });
  await retireToolKeysOlderThan({ keepKid: kid });
  cached = undefined;
  return { kid };
}

let creating: Promise<unknown> | undefined;

/** The key Lantern signs with (client assertions, deep-linking responses); created on first use. */
export async function currentSigningKey(): Promise<SigningKey> {
  if (cached && Date.now() - cached.loadedAt < CACHE_MS) return cached.key;
  let row = await selectOptionalCurrentToolKey();
  if (!row) {
    // Concurrent first uses in this process share one key creation (seen in the grade-drain bench: parallel
    // deliveries each created a key and retired the others').
    creating ??= rotateToolKey().finally(() => (creating = undefined));
    await creating;
    row = await selectOptionalCurrentToolKey();
  }
  if (!row) throw new Error("No LTI tool key could be created");
  const key = { kid: row.kid, privateKey: await importPKCS8(openSecret(row.privateKeyEncrypted), "RS256") };
  cached = { kid: row.kid, key, loadedAt: Date.now() };
  return key;
}

/** The public JWKS served at /lti/jwks: current and recently retired keys (https://www.imsglobal.org/spec/security/v1p0/#h_key-set-url). */
export async function toolJwks(): Promise<{ keys: Record<string, string>[] }> {
  await currentSigningKey();
  const rows = await selectPublishedToolKeys({ retiredSince: new Date(Date.now() - KEY_ROTATION_GRACE_MS) });
  return { keys: rows.map((r) => r.publicJwk) };
}

/** Test hook: forget the cached signing key (a new test database has other keys). */
export function resetToolKeyCache(): void {
  cached = undefined;
}
