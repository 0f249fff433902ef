import { createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";

/**
 * Platform public keys, cached per keyset (JWKS URL), handed out as a ready KeyObject for ltijs' `RSA_KEY` auth
 * config (jsonwebtoken accepts one, and would otherwise parse a PEM again on every launch: 0.18 ms against 0.04 ms
 * per verify, measured here). ltijs 5.9.9 downloads the keyset on every launch (Auth.js l.112, no cache, no
 * timeout); we fetch once and keep it for CACHE_MS.
 *
 * Key rotation (https://www.imsglobal.org/spec/security/v1p0/#h_key-set-url): a token naming a kid we do not hold
 * causes one refetch that starts after the token arrived, so a key the platform has just published is always found.
 * Refetches are limited per kid, not per keyset (a global cooldown refused a freshly rotated key that arrived
 * within seconds of an unrelated refetch): the same unknown kid refetches at most once per KID_COOLDOWN_MS, and
 * refetches for different kids share one request in flight and start at most once per MIN_SPACING_MS, so forged
 * kids cannot make us hammer the platform. A genuinely new kid is delayed by at most MIN_SPACING_MS, never refused.
 */
const CACHE_MS = 10 * 60 * 1000;
const MAX_JWKS_BYTES = 256 * 1024;
const FETCH_TIMEOUT_MS = 5_000;
/** Unknown kids remembered per keyset (older ones are forgotten first). */
const MAX_REMEMBERED_KIDS = 1_000;
const DEFAULTS = { kidCooldownMs: 5_000, minSpacingMs: 1_000 };
let limits = { ...DEFAULTS };

type Jwk = JsonWebKey & { kid: string };
type Entry = {
  keys: Map<string, Jwk>;
  keyObjects: Map<string, KeyObject>;
  fetchedAt: number;
  /** Fetches started so far (an id per fetch) and the id of the one whose keys we hold (0: none yet). */
  started: number;
  held: number;
  lastStartAt: number;
  inFlight?: { id: number; done: Promise<void> };
  /** Unknown kid → when it last caused a refetch. */
  refetchedFor: Map<string, number>;
};

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

/** Tests inject a fetch (and may shorten the refetch limits); clears the cache. */
export function setPlatformKeyFetch(
  f: FetchLike | undefined,
  options: { kidCooldownMs?: number; minSpacingMs?: number } = {},
): void {
  fetcher = f ?? ((url, init) => fetch(url, init));
  limits = { ...DEFAULTS, ...options };
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Returns once the keys held come from a fetch started after fetch number `after` (joining one in flight). */
async function fetchNewerThan(url: string, entry: Entry, after: number): Promise<void> {
  for (;;) {
    if (entry.held > after) return;
    if (entry.inFlight) {
      const { id, done } = entry.inFlight;
      await done; // a failed fetch throws to every caller that waited for it
      if (id > after) return;
      continue;
    }
    const wait = entry.lastStartAt + limits.minSpacingMs - Date.now();
    if (entry.held > 0 && wait > 0) {
      await sleep(wait);
      continue;
    }
    const id = ++entry.started;
    entry.lastStartAt = Date.now();
    const done = download(url)
      .then((keys) => {
        entry.keys = keys;
        entry.keyObjects = new Map();
        entry.fetchedAt = Date.now();
        entry.held = id;
      })
      .finally(() => {
        if (entry.inFlight?.id === id) entry.inFlight = undefined;
      });
    entry.inFlight = { id, done };
  }
}

/** Records that `kid` causes a refetch now; false when it already did within the cooldown. */
function mayRefetchFor(entry: Entry, kid: string): boolean {
  const now = Date.now();
  const last = entry.refetchedFor.get(kid);
  if (last !== undefined && now - last < limits.kidCooldownMs) return false;
  entry.refetchedFor.delete(kid);
  if (entry.refetchedFor.size >= MAX_REMEMBERED_KIDS) {
    entry.refetchedFor.delete(entry.refetchedFor.keys().next().value!); // Maps iterate oldest first
  }
  entry.refetchedFor.set(kid, now);
  return true;
}

/** The platform's public key for `kid` from the keyset at `jwksUrl`, from cache when possible. */
export async function platformKeyObject(jwksUrl: string, kid: string): Promise<KeyObject> {
  let entry = entries.get(jwksUrl);
  if (!entry) {
    entry = { keys: new Map(), keyObjects: new Map(), fetchedAt: 0, started: 0, held: 0, lastStartAt: 0, refetchedFor: new Map() };
    entries.set(jwksUrl, entry);
  }
  if (entry.held === 0 || Date.now() - entry.fetchedAt > CACHE_MS) await fetchNewerThan(jwksUrl, entry, entry.held);
  else if (!entry.keys.has(kid) && mayRefetchFor(entry, kid)) await fetchNewerThan(jwksUrl, entry, entry.started);
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
