import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { LtijsPostgresPlugin } from "@/lib/lti/ltijs-plugin";

/**
 * Consumer secrets are encrypted exactly as the tool's signing keys are (AES-256-CBC, key = SHA-256 of
 * KEY_ENCRYPTION_SECRET, lib/lti/ltijs-plugin.ts): one scheme and one secret to rotate for every stored credential.
 */
const cipher = new LtijsPostgresPlugin();

/** A new shared secret: 32 random bytes, base64url (43 characters, within the unreserved set of RFC 5849 §3.6). */
export function generateConsumerSecret(): string {
  return randomBytes(32).toString("base64url");
}

export async function encryptConsumerSecret(secret: string): Promise<{ iv: string; data: string }> {
  return cipher.Encrypt(secret, env().KEY_ENCRYPTION_SECRET);
}

export async function decryptConsumerSecret({ iv, data }: { iv: string; data: string }): Promise<string> {
  return cipher.Decrypt(data, iv, env().KEY_ENCRYPTION_SECRET);
}
