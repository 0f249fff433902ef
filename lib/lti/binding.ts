import { createHash, randomBytes } from "node:crypto";

/** Login and launch both derive names from the state; the state itself is never stored. */
export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("base64url");
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** The per-login cookie that binds the state to the browser (several launches may be in flight at once). */
export function stateCookieName(state: string): string {
  return `lantern_lti_${sha256(state).slice(0, 16)}`;
}

/** The key under which the binding secret is kept in the platform's client-side storage. */
export function storageKey(state: string): string {
  return `lantern_state_${sha256(state).slice(0, 16)}`;
}

/** How long a login may take to come back as a launch. */
export const LOGIN_TTL_MS = 10 * 60 * 1000;

/**
 * Set-Cookie for the state binding: usable inside the LMS iframe (SameSite=None; Secure; Partitioned = CHIPS),
 * scoped to /lti, gone after the login window.
 */
export function stateCookie(state: string, binding: string): string {
  return `${stateCookieName(state)}=${binding}; Path=/lti; Max-Age=${LOGIN_TTL_MS / 1000}; HttpOnly; Secure; SameSite=None; Partitioned`;
}

export function clearStateCookie(state: string): string {
  return `${stateCookieName(state)}=; Path=/lti; Max-Age=0; HttpOnly; Secure; SameSite=None; Partitioned`;
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
