import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from "jose";
import { insertDevLmsKey, selectDevLmsKeys, selectOptionalDevLmsKey, type DevLmsKey } from "@/lib/models/dev-lms";

/** The platform's RS256 signing key, created on first use and kept in the database (dev only, not encrypted). */
export async function platformKey(): Promise<DevLmsKey> {
  const existing = await selectOptionalDevLmsKey();
  if (existing) return existing;
  const { privateKey, publicKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: "RS256" };
  await insertDevLmsKey({ values: { kid, privateJwk, publicJwk } });
  // Another request may have created one at the same moment; everyone signs with the newest.
  return (await selectOptionalDevLmsKey())!;
}

/** The platform keyset (LTI Core 1.3 §6.3 / Security Framework §6.3: public keys with kid). */
export async function platformJwks(): Promise<{ keys: JWK[] }> {
  await platformKey();
  const keys = await selectDevLmsKeys();
  return { keys: keys.map((k) => k.publicJwk as JWK) };
}

/** Signs claims with the platform key: RS256 with its kid in the header (Security Framework §5.1.3). */
export async function signAsPlatform(claims: JWTPayload, expiresInSeconds = 300): Promise<string> {
  const key = await platformKey();
  const privateKey = await importJWK(key.privateJwk as JWK, "RS256");
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" }).setIssuedAt();
  // A claim signed over exp (the LTI 1.1 migration claim, lib/dev-lms/lti11-migration.ts) fixes it beforehand.
  if (claims.exp === undefined) jwt.setExpirationTime(`${expiresInSeconds}s`);
  return jwt.sign(privateKey);
}
