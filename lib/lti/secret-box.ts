import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

const VERSION = "v1";

function keyFor(secret: string): Buffer {
  // A domain-separated key so KEY_ENCRYPTION_SECRET can safely protect other kinds of data later.
  return createHash("sha256").update(`lantern:lti-key:${secret}`).digest();
}

/** Encrypts a secret (e.g. a private key) with AES-256-GCM under KEY_ENCRYPTION_SECRET. */
export function sealSecret(plaintext: string, secret = env().KEY_ENCRYPTION_SECRET): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(secret), iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

/** Decrypts what sealSecret produced; throws when the secret is wrong or the data was altered. */
export function openSecret(sealed: string, secret = env().KEY_ENCRYPTION_SECRET): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || !data) throw new Error("Unrecognised sealed secret format");
  const decipher = createDecipheriv("aes-256-gcm", keyFor(secret), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
