import { createHash, randomBytes, randomUUID } from "node:crypto";
import { cache } from "react";
import { HttpError, unauthorized } from "@/lib/errors";
import {
  deleteSessionGrant,
  insertSession,
  insertSessions,
  selectOptionalSessionById,
  selectOptionalSessionByTokenHash,
  selectSessionsByTokenHashes,
  type SessionKind,
  type SessionWithUsers,
} from "@/lib/models/sessions";
import type { User } from "@/lib/models/users";
import { resolveApiToken } from "./api-tokens";
import type { ApiScope } from "./roles";

export type { ApiScope } from "./roles";

// The request's headers and cookies, from next/headers loaded on first use: processes that never serve a request
// (export worker, grader, CLIs) import this module through lib/auth/authz, and Next's request modules cost them ~5 MB
// of RSS (issue 15).
let requestModule: Promise<typeof import("next/headers")> | undefined;
const request = () => (requestModule ??= import("next/headers"));

/** Cookie that carries the session token. Inside an LMS iframe it is a third-party, partitioned (CHIPS) cookie. */
export const SESSION_COOKIE = "lantern_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Who is making this request: the real (signed-in) user and the effective user whose view they see. */
export type Session = {
  id: string;
  /** A session row's kind, or "api_token" for a personal API token (then `id` is the token's id). */
  kind: SessionKind | "api_token";
  user: User;
  effectiveUser: User;
  /** How the token arrived: header-borne tokens are immune to CSRF, cookie-borne ones are not. */
  via: "cookie" | "header";
  /** Set when the caller authenticated with a personal API token: only routes naming one of its scopes accept it. */
  apiToken: { id: string; scopes: readonly ApiScope[] } | null;
};

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/**
 * Creates a session for a user; returns the opaque token to hand to the browser (only its hash is stored).
 * `ttlMs` shortens it, e.g. for the launch-bound token that travels in URLs when cookies are blocked (lib/lti).
 */
export async function createSession({ userId, kind, ttlMs }: { userId: string; kind: SessionKind; ttlMs?: number }) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + Math.min(ttlMs ?? SESSION_TTL_MS, SESSION_TTL_MS));
  const row = await insertSession({ tokenHash: hashToken(token), userId, kind, expiresAt });
  return { token, expiresAt, sessionId: row.id };
}

/**
 * Several sessions for one user in one database round trip (same rules as createSession). They form one grant:
 * ending any of them (sign-out) ends all of them.
 */
export async function createSessions(specs: { userId: string; kind: SessionKind; ttlMs?: number }[]) {
  const grantId = randomUUID();
  const made = specs.map(({ userId, kind, ttlMs }) => ({
    token: randomBytes(32).toString("base64url"),
    userId,
    kind,
    grantId,
    expiresAt: new Date(Date.now() + Math.min(ttlMs ?? SESSION_TTL_MS, SESSION_TTL_MS)),
  }));
  const hashed = made.map(({ token, ...rest }) => ({ ...rest, tokenHash: hashToken(token) }));
  const ids = new Map((await insertSessions({ values: hashed })).map((row) => [row.tokenHash, row.id]));
  return made.map((m, i) => ({ token: m.token, expiresAt: m.expiresAt, sessionId: ids.get(hashed[i].tokenHash)! }));
}

/** Resolves a raw token to a session, or null when it is unknown, expired, or its user is gone or deactivated. */
export async function resolveSessionToken(token: string, via: Session["via"]): Promise<Session | null> {
  if (!token || token.length > 200) return null;
  const row = await selectOptionalSessionByTokenHash({ tokenHash: hashToken(token) });
  return row ? sessionFromRow(row, via) : null;
}

/** The session a signed download link names (lib/auth/download-link.ts), or null when it has ended. */
export async function resolveSessionById(sessionId: string): Promise<Session | null> {
  const row = await selectOptionalSessionById({ sessionId });
  return row ? sessionFromRow(row, "cookie") : null;
}

function sessionFromRow({ session, user, effectiveUser }: SessionWithUsers, via: Session["via"]): Session | null {
  if (user.deactivatedAt) return null;
  return { id: session.id, kind: session.kind, user, effectiveUser: effectiveUser ?? user, via, apiToken: null };
}

/** A request whose cookie and Bearer token belong to two different people: refused, never resolved to either. */
export const credentialConflict = () =>
  new HttpError(
    409,
    "credential_conflict",
    "This request carries the sign-ins of two different people. Open Lantern again from your LMS, or sign out and back in.",
  );

/**
 * The session for a request's Bearer token and session cookie. The Bearer token wins (it is how pages keep working
 * when the browser blocks third-party cookies inside the LMS iframe), but only when both name the same user: a
 * link carrying someone else's launch token must not silently swap a signed-in student into that session (issue
 * 10, item 6). Both tokens are looked up in one query.
 */
export async function resolveRequestSession({ bearer, cookie }: { bearer?: string; cookie?: string }): Promise<Session | null> {
  const tokens = [bearer, cookie].filter((t): t is string => !!t && t.length <= 200);
  if (tokens.length === 0) return null;
  const rows = await selectSessionsByTokenHashes({ tokenHashes: tokens.map(hashToken) });
  const byHash = new Map(rows.map((r) => [r.session.tokenHash, r]));
  const bearerRow = bearer ? byHash.get(hashToken(bearer)) : undefined;
  const cookieRow = cookie ? byHash.get(hashToken(cookie)) : undefined;
  if (bearerRow && cookieRow && bearerRow.user.id !== cookieRow.user.id) throw credentialConflict();
  // An expired launch-bound token (lib/lti) must not hide a still-valid cookie; the cookie path keeps its CSRF
  // checks because the session then reports via "cookie".
  if (bearerRow) return sessionFromRow(bearerRow, "header");
  return cookieRow ? sessionFromRow(cookieRow, "cookie") : null;
}

/** The current request's session, or null; memoised per request (React `cache`), so layout, page and wrapper share one lookup. */
export const getSession = cache(async function getSession(): Promise<Session | null> {
  const { cookies, headers } = await request();
  const authorization = (await headers()).get("authorization");
  // Personal API tokens: `Bearer lnt_…`, or `token lnt_…` as nbgrader's exchange clients send it.
  const apiToken = authorization?.match(/^(?:Bearer|token)\s+(lnt_\S+)$/i)?.[1];
  if (apiToken) return resolveApiToken(apiToken);
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const cookie = (await cookies()).get(SESSION_COOKIE)?.value;
  return resolveRequestSession({ bearer, cookie });
});

/** The current session; throws 401 when nobody is signed in. */
export async function requireSession(): Promise<Session> {
  const session = await getSession();
  if (!session) throw unauthorized();
  return session;
}

/** Cookie attributes for the session: usable in a cross-site iframe (SameSite=None; Secure; Partitioned). */
export function sessionCookieOptions(expiresAt: Date) {
  return {
    httpOnly: true,
    secure: true,
    sameSite: "none" as const,
    partitioned: true,
    path: "/",
    expires: expiresAt,
  };
}

/**
 * Signs out: ends the current session with every credential issued alongside it (a launch's cookie and `lt`
 * tokens), and clears the cookie.
 */
export async function endSession(session: Session): Promise<void> {
  await deleteSessionGrant({ sessionId: session.id });
  const { cookies } = await request();
  (await cookies()).delete({ name: SESSION_COOKIE, path: "/", secure: true, sameSite: "none", partitioned: true });
}
