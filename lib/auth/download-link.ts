import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/**
 * Signed download links. A file download started inside the LMS iframe is made by the browser's download manager,
 * which Chromium sends without the frame's partitioned session cookie and, of course, without the `Authorization`
 * header the launch-token bridge adds to fetches — so a plain `<a href download>` reached the route signed out and
 * the download failed. Pages therefore render download hrefs with `?dl=<session>.<expiry>.<mac>`: an HMAC over the
 * session id, the exact path and the expiry. The route accepts it for GET only, for that path only, until it expires
 * and only while the session itself is still valid (sign-out ends it). It is a capability for one file, not a login.
 */
export const DOWNLOAD_PARAM = "dl";
const TTL_SECONDS = 30 * 60;

function mac(sessionId: string, pathname: string, expires: number): string {
  const key = createHmac("sha256", env().AUTH_SECRET).update("lantern download link").digest();
  return createHmac("sha256", key).update(`${sessionId}\n${pathname}\n${expires}`).digest("base64url");
}

/** `path` (which may carry a query) with a download signature for this session appended. */
export function signedDownloadHref(path: string, session: { id: string }, now = Date.now()): string {
  const url = new URL(path, "http://x");
  const expires = Math.floor(now / 1000) + TTL_SECONDS;
  url.searchParams.set(DOWNLOAD_PARAM, `${session.id}.${expires}.${mac(session.id, url.pathname, expires)}`);
  return url.pathname + url.search;
}

/** The session id a download signature vouches for on this path, or null when it is malformed, forged or expired. */
export function verifyDownloadSignature(value: string | null, pathname: string, now = Date.now()): string | null {
  if (!value || value.length > 300) return null;
  const [sessionId, expiresText, given, extra] = value.split(".");
  if (extra !== undefined || !sessionId || !expiresText || !given || !/^\d{1,12}$/.test(expiresText)) return null;
  const expires = Number(expiresText);
  if (expires * 1000 <= now) return null;
  const expected = Buffer.from(mac(sessionId, pathname, expires));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? sessionId : null;
}
