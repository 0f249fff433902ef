import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { frameOrigins } from "@/lib/security-headers/frame-origins";
import { securityHeaders, type PolicyKind } from "@/lib/security-headers/policy";
import { refuseOversizedServerAction } from "@/lib/server-action-limit";

/**
 * Every request but static files passes here: oversized server actions are refused, security headers are added
 * (lib/security-headers; outside development), and the launch token of a cookie-blocked LMS iframe becomes a header.
 *
 * Cookie-blocked mode: after a launch, Lantern lands on `…?lt=<token>` (a short-lived, launch-bound session token; see
 * lib/lti/launch.ts). When the browser refuses the partitioned session cookie, that token is the only credential, so
 * it is copied into `Authorization: Bearer` for this request; lib/auth/session.ts then authenticates it like any
 * header token. Optimistic only: every page and handler still checks the session itself.
 */
export async function proxy(request: NextRequest) {
  const tooLarge = refuseOversizedServerAction(request, request.nextUrl.pathname);
  if (tooLarge) return tooLarge;
  const headers = new Headers(request.headers);
  const security = await securityFor(request);
  if (security) {
    // Next reads the nonce from the request's CSP and puts it on the scripts it renders; x-nonce is for Lantern's
    // own HTML responses (lib/lti/html.ts).
    headers.set("x-nonce", security.nonce);
    headers.set("content-security-policy", security.headers["content-security-policy"]);
  }
  const bearer = launchTokenBearer(request);
  if (bearer) headers.set("authorization", bearer);
  const response = NextResponse.next({ request: { headers } });
  for (const [name, value] of Object.entries(security?.headers ?? {})) response.headers.set(name, value);
  if (bearer) {
    // The token is in the URL: never cache the page or leak the URL to other sites.
    response.headers.set("cache-control", "private, no-store");
    response.headers.set("referrer-policy", "same-origin");
  }
  return response;
}

/** The headers for this request, or null in development (`next dev` runs inline dev tooling a CSP would refuse). */
async function securityFor(request: NextRequest): Promise<{ nonce: string; headers: Record<string, string> } | null> {
  const settings = env();
  if (settings.APP_ENV === "development") return null;
  const path = request.nextUrl.pathname;
  const kind: PolicyKind =
    path === "/lti/register" ? "registration" : settings.APP_ENV !== "production" && path.startsWith("/dev/") ? "dev-lms" : "app";
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const lmsOrigins = await frameOrigins();
  return { nonce, headers: securityHeaders({ kind, nonce, lmsOrigins, https: settings.APP_URL.startsWith("https://") }) };
}

/**
 * Only a page loading inside a frame (an LMS iframe, the one place cookies can be blocked as third-party) may sign
 * in from its address: a link opened in a window has first-party cookies, and a crafted `?lt=` there must not swap
 * the reader into another session (issue 10, item 6). Server actions and APIs get the token as a header from the
 * bridge (app/lti/_components/launch-token-bridge.tsx), never from the address.
 */
function launchTokenBearer(request: NextRequest): string | null {
  const lt = request.nextUrl.searchParams.get("lt");
  if (!lt || lt.length > 200 || request.headers.has("authorization")) return null;
  if (!["GET", "HEAD"].includes(request.method) || request.headers.get("sec-fetch-dest") !== "iframe") return null;
  // The browser sent the session cookie, so cookies work here: it is the credential (it outlives the lt token).
  if (request.cookies.has("lantern_session")) return null;
  return `Bearer ${lt}`;
}

// The exchange API (nbgrader clients) is left out: the proxy would buffer its uploads (up to 5 GB) in memory and cut
// them at proxyClientMaxBodySize; it needs nothing the proxy does.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|runtime/|lantern-runtime-sw.js|services/nbexchange/).*)"],
};
