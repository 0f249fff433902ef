import { jwtVerify } from "jose";
import { looksLikeApiToken, resolveApiToken } from "@/lib/auth/api-tokens";
import { resolveSessionToken } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { ensureNbexchangeIdentity, nbexchangeIdentity } from "./identity";
import type { ExchangeCaller } from "./types";

/** `Authorization: Bearer <token>` or nbgrader-style `Authorization: token <token>`. */
export function exchangeTokenFrom(req: Request): string | null {
  const header = req.headers.get("authorization");
  const match = header?.match(/^(?:Bearer|token)\s+(\S{1,400})\s*$/i);
  return match?.[1] ?? null;
}

function cookieValue(req: Request, name: string): string | null {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/**
 * Resolves a header token to its user. Lantern's API tokens (scope `exchange`) are the credential for scripts and
 * Jupyter; session tokens are accepted too, as everywhere a Bearer header is (lib/auth/session.ts).
 */
async function callerFromToken(token: string): Promise<ExchangeCaller | null> {
  const session = looksLikeApiToken(token) ? await resolveApiToken(token) : await resolveSessionToken(token, "header");
  if (!session) return null;
  if (session.apiToken && !session.apiToken.scopes.includes("exchange")) return null;
  // Exchange calls act as the real user; a view-as session never reaches another user's files.
  if (session.effectiveUser.id !== session.user.id) return null;
  return { user: session.user, via: "token", organisation: null };
}

/**
 * The EXCHANGE_JWT_COOKIE cookie carries a Lantern API token, or (nbexchange deployments) an HS256-signed identity
 * with claims `username`, `n_fn` full name, `n_cid` course code, `n_cnm` course title, `n_rl` role, `n_oid`
 * organisation. Signed identities are accepted only when EXCHANGE_JWT_SECRET is configured; the identity is created
 * on first use, as nbexchange does.
 */
async function callerFromCookie(req: Request): Promise<ExchangeCaller | null> {
  const jwt = cookieValue(req, env().EXCHANGE_JWT_COOKIE);
  if (!jwt) return null;
  // The unmodified nbgrader plugin sends only this cookie (`noteable_auth=$NAAS_JWT`): a Lantern API token put in
  // NAAS_JWT is how a student's own Jupyter connects. Lantern never sets this cookie, so a browser cannot carry one.
  if (looksLikeApiToken(jwt)) return callerFromToken(jwt);
  const secret = env().EXCHANGE_JWT_SECRET;
  if (!secret) return null;
  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(jwt, new TextEncoder().encode(secret), { algorithms: ["HS256"] }));
  } catch {
    log.info("exchange identity cookie refused (bad signature, expired or malformed)");
    return null;
  }
  const identity = nbexchangeIdentity.safeParse({
    name: claims.username,
    full_name: claims.n_fn ?? undefined,
    course_id: claims.n_cid,
    course_title: claims.n_cnm ?? undefined,
    course_role: claims.n_rl,
    org_id: claims.n_oid ?? undefined,
  });
  if (!identity.success) return null;
  const { user, organisation } = await ensureNbexchangeIdentity(identity.data);
  if (user.deactivatedAt) return null;
  return { user, via: "cookie", organisation };
}

/**
 * Who is calling the exchange: an `Authorization: Bearer|token` API token, else (when configured) the nbexchange
 * identity cookie. Null when neither authenticates: the caller gets a 401.
 */
export async function authenticateExchangeRequest(req: Request): Promise<ExchangeCaller | null> {
  const token = exchangeTokenFrom(req);
  if (token) return callerFromToken(token);
  return callerFromCookie(req);
}
