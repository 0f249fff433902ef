import { createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";

/**
 * Platform public keys, cached per JWKS URL, handed out as a ready KeyObject for ltijs' `RSA_KEY` auth config (jsonwebtoken accepts one, and would otherwise
 * parse a PEM again on every launch: 0.18 ms against 0.04 ms per verify, measured here). ltijs 5.9.9
 * downloads the keyset on every launch (Auth.js l.112, no cache, no timeout); we fetch once, keep it for CACHE_MS, and
 * refetch early only when a token names a kid we have not seen (key rotation), at most once per refetch cooldown
 * (5 s) so forged kids cannot make us hammer the platform.
 * https://www.imsglobal.org/spec/security/v1p0/#h_key-set-url
 */
const CACHE_MS = 10 * 60 * 1000;
let refetchCooldownMs = 5_000;
const MAX_JWKS_BYTES = 256 * 1024;
const FETCH_TIMEOUT_MS = 5_000;

type Jwk = JsonWebKey & { kid: string };
type Entry = { keys: Map<string, Jwk>; keyObjects: Map<string, KeyObject>; fetchedAt: number; pending?: Promise<void> };

export class PlatformKeyError extends Error {
  constructor(
    readonly reason: "jwks_unavailable" | "unknown_key",
    message: string,
  ) {
    super(message);
  }
}

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

const entries = new Map<string, Entry>();
let fetcher: FetchLike = (url, init) => fetch(url, init);

/** Tests and the bench inject a fetch (and may shorten the refetch cooldown); clears the cache. */
export function setPlatformKeyFetch(f: FetchLike | undefined, options: { refetchCooldownMs?: number } = {}): void {
  fetcher = f ?? ((url, init) => fetch(url, init));
  refetchCooldownMs = options.refetchCooldownMs ?? 5_000;
  entries.clear();
}

async function download(url: string): Promise<Map<string, Jwk>> {
  let response: Response;
  try {
    response = await fetcher(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: "application/json" } });
  } catch (error) {
    throw new PlatformKeyError("jwks_unavailable", `Could not fetch the platform keyset: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new PlatformKeyError("jwks_unavailable", `The platform keyset answered HTTP ${response.status}`);
  if (text.length > MAX_JWKS_BYTES) throw new PlatformKeyError("jwks_unavailable", "The platform keyset is too large");
  let body: { keys?: unknown };
  try {
    body = JSON.parse(text);
  } catch {
    throw new PlatformKeyError("jwks_unavailable", "The platform keyset is not JSON");
  }
  const keys = new Map<string, Jwk>();
  for (const k of Array.isArray(body?.keys) ? body.keys : []) {
    const jwk = k as Jwk;
    if (jwk && typeof jwk.kid === "string" && jwk.kty === "RSA" && (!jwk.use || jwk.use === "sig")) keys.set(jwk.kid, jwk);
  }
  return keys;
}

async function refresh(url: string, entry: Entry | undefined): Promise<Entry> {
  if (entry?.pending) {
    await entry.pending;
    return entries.get(url)!;
  }
  const next: Entry = entry ?? { keys: new Map(), keyObjects: new Map(), fetchedAt: 0 };
  next.pending = download(url).then((keys) => {
    next.keys = keys;
    next.keyObjects = new Map();
    next.fetchedAt = Date.now();
  });
  entries.set(url, next);
  try {
    await next.pending;
  } finally {
    next.pending = undefined;
  }
  return next;
}

/** The platform's public key for `kid`, from cache when possible. */
export async function platformKeyObject(jwksUrl: string, kid: string): Promise<KeyObject> {
  let entry = entries.get(jwksUrl);
  if (!entry || Date.now() - entry.fetchedAt > CACHE_MS) entry = await refresh(jwksUrl, entry);
  else if (!entry.keys.has(kid) && Date.now() - entry.fetchedAt > refetchCooldownMs) entry = await refresh(jwksUrl, entry);
  const cached = entry.keyObjects.get(kid);
  if (cached) return cached;
  const jwk = entry.keys.get(kid);
  if (!jwk) throw new PlatformKeyError("unknown_key", `The platform keyset has no key with kid "${kid}"`);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: jwk, format: "jwk" });
  } catch (error) {
    throw new PlatformKeyError("jwks_unavailable", `The platform key "${kid}" is not a usable RSA key: ${(error as Error).message}`);
  }
  entry.keyObjects.set(kid, key);
  return key;
}
