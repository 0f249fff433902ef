import { randomBytes } from "node:crypto";
import { RateLimitedError } from "@/lib/errors";
import type { RequestLike } from "@/lib/client-address";
import { insertApiToken, selectOptionalLiveApiToken, updateApiTokenLastUsed } from "@/lib/models/api-tokens";
import { consumeRateLimit } from "@/lib/models/rate-limits";
import { selectOptionalUser } from "@/lib/models/users";
import type { SystemAuthz, UserAuthz } from "./authz";
import type { ApiScope } from "./roles";
import { hashToken, type Session } from "./session";

/** Every personal API token starts with this, so secret scanners and people can recognise one. */
export const API_TOKEN_PREFIX = "lnt_";
export const MAX_TOKEN_DAYS = 366;
/** Requests per token per minute (counted in Postgres, so every app instance agrees). */
export const TOKEN_RATE_LIMIT = 300;

/** True for strings shaped like a Lantern API token (as opposed to a session or launch token). */
export function looksLikeApiToken(value: string): boolean {
  return value.startsWith(API_TOKEN_PREFIX) && value.length < 200;
}

/**
 * Creates a personal API token and returns it: this is the only time the token exists outside the caller's hands
 * (only its SHA-256 is stored). Audited.
 */
export async function createApiToken({
  authz,
  userId,
  name,
  scopes,
  expiresInDays,
  req,
}: {
  authz: UserAuthz | SystemAuthz;
  userId?: string;
  name: string;
  scopes: readonly ApiScope[];
  expiresInDays: number;
  req?: RequestLike | null;
}) {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const days = Math.min(Math.max(1, Math.floor(expiresInDays)), MAX_TOKEN_DAYS);
  const row = await insertApiToken({
    authz,
    userId,
    values: {
      name,
      tokenHash: hashToken(token),
      prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      scopes,
      expiresAt: new Date(Date.now() + days * 86_400_000),
    },
    req,
  });
  return { token, row };
}

/**
 * The session an API token stands for: its user, exactly as if signed in on the pages (same course roles, no
 * view-as), plus the token's scopes. Null for unknown, revoked or expired tokens and for deactivated users; throws
 * a 429 when the token is over its rate limit.
 */
export async function resolveApiToken(token: string): Promise<Session | null> {
  if (!looksLikeApiToken(token)) return null;
  const row = await selectOptionalLiveApiToken({ tokenHash: hashToken(token) });
  if (!row) return null;
  const user = await selectOptionalUser({ userId: row.userId });
  if (!user || user.deactivatedAt) return null;
  const limit = await consumeRateLimit({ key: `api:token:${row.id}`, limit: TOKEN_RATE_LIMIT, windowMs: 60_000 });
  if (!limit.allowed) {
    const seconds = Math.max(1, Math.ceil((limit.resetAt.getTime() - Date.now()) / 1000));
    throw new RateLimitedError(`This API token made more than ${TOKEN_RATE_LIMIT} requests in a minute. Retry in ${seconds} s.`, seconds);
  }
  await updateApiTokenLastUsed({ tokenId: row.id, granularityMs: 60_000 });
  return { id: row.id, kind: "api_token", user, effectiveUser: user, via: "header", apiToken: { id: row.id, scopes: row.scopes } };
}
