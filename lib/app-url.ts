/**
 * Does this request reach Lantern at its APP_URL? Lantern writes APP_URL into LTI configurations, sign-in links and
 * redirects, so a server reached at another address (a dev server on `-p 3020` while APP_URL says 3000) registers
 * the tool where nothing answers, and every launch fails with nothing on screen saying why (issue 10, item 16).
 */

import { env } from "@/lib/env";
import { log } from "@/lib/log";

/** The origin the browser addressed: the nearest proxy's X-Forwarded-Host/-Proto when it sent them, else Host. */
export function requestOrigin(headers: Headers, protocol = "http"): string | null {
  const host = headers.get("x-forwarded-host")?.split(",")[0].trim() || headers.get("host")?.trim();
  if (!host) return null;
  const proto = headers.get("x-forwarded-proto")?.split(",")[0].trim() || protocol;
  const candidate = `${proto}://${host}`;
  return URL.canParse(candidate) ? new URL(candidate).origin : null;
}

const LOOPBACK = /^(localhost|.+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * True when `origin` is not where APP_URL points. Loopback names (localhost, 127.0.0.0/8, [::1]) count as one host:
 * they all reach this machine, and the dev LMS is served from 127.0.0.1 on purpose, as a different site from
 * Lantern's localhost (STACK.md, "Testing inside an LMS iframe"). Scheme and port must match.
 */
export function differsFromAppUrl(origin: string, appUrl: string): boolean {
  const seen = new URL(origin);
  const configured = new URL(appUrl);
  if (seen.protocol !== configured.protocol || seen.port !== configured.port) return true;
  if (seen.hostname === configured.hostname) return false;
  return !(LOOPBACK.test(seen.hostname) && LOOPBACK.test(configured.hostname));
}

/**
 * The startup form of the same check, for the server's own log: a loopback APP_URL (a local server, no proxy in
 * front to map ports) naming another port than the one this server listens on. Null when they agree.
 */
export function appUrlPortProblem(appUrl: string, port: number): string | null {
  const url = new URL(appUrl);
  if (!LOOPBACK.test(url.hostname)) return null;
  const named = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  return named === port ? null : `APP_URL is ${appUrl}, but this server listens on port ${port}: LTI launches and sign-in links will not reach it`;
}

/** Logs appUrlPortProblem() once at server start (instrumentation.ts). */
export function warnIfAppUrlIsElsewhere(): void {
  const settings = env();
  const problem = appUrlPortProblem(settings.APP_URL, settings.PORT);
  if (problem) log.warn(`${problem}. Unset APP_URL (outside production it follows the port) or set it to this server's address.`);
}
