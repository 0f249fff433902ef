import { NextResponse, type NextRequest } from "next/server";
import { refuseOversizedServerAction } from "@/lib/server-action-limit";

/**
 * Cookie-blocked mode for pages inside an LMS iframe. After a launch, Lantern lands on `…?lt=<token>` (a short-lived,
 * launch-bound session token; see lib/lti/launch.ts). When the browser refuses the partitioned session cookie, that
 * token is the only credential, so it is copied into `Authorization: Bearer` for this request; lib/auth/session.ts
 * then authenticates it like any header token. Optimistic only: every page and handler still checks the session itself.
 */
export function proxy(request: NextRequest) {
  const tooLarge = refuseOversizedServerAction(request, request.nextUrl.pathname);
  if (tooLarge) return tooLarge;
  const lt = request.nextUrl.searchParams.get("lt");
  if (!lt || lt.length > 200 || request.headers.has("authorization")) return NextResponse.next();
  // Only a page loading inside a frame (an LMS iframe, the one place cookies can be blocked as third-party) may sign
  // in from its address: a link opened in a window has first-party cookies, and a crafted `?lt=` there must not swap
  // the reader into another session (issue 10, item 6). Server actions and APIs get the token as a header from the
  // bridge (app/lti/_components/launch-token-bridge.tsx), never from the address.
  if (!["GET", "HEAD"].includes(request.method) || request.headers.get("sec-fetch-dest") !== "iframe") return NextResponse.next();
  // The browser sent the session cookie, so cookies work here: it is the credential (it outlives the lt token).
  if (request.cookies.has("lantern_session")) return NextResponse.next();
  const headers = new Headers(request.headers);
  headers.set("authorization", `Bearer ${lt}`);
  const response = NextResponse.next({ request: { headers } });
  // The token is in the URL: never cache the page or leak the URL to other sites.
  response.headers.set("cache-control", "private, no-store");
  response.headers.set("referrer-policy", "same-origin");
  return response;
}

// The exchange API (nbgrader clients) is left out: the proxy would buffer its uploads (up to 5 GB) in memory and cut
// them at proxyClientMaxBodySize; it needs nothing the proxy does.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|runtime/|lantern-runtime-sw.js|services/nbexchange/).*)"],
};
