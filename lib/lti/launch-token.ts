/**
 * The launch-bound token (`?lt=`) in client and server code alike (no server imports here). In cookie-blocked mode
 * it is the only credential: links inside Lantern keep it, and fetches to Lantern's APIs send it as a Bearer token.
 */
export const LAUNCH_TOKEN_PARAM = "lt";

/** Adds `lt` to an in-app href when the current page has one (cookie-blocked mode); otherwise returns href unchanged. */
export function withLaunchToken(href: string, lt: string | null | undefined): string {
  if (!lt) return href;
  const [path, hash = ""] = href.split("#");
  const separator = path.includes("?") ? "&" : "?";
  return `${path}${separator}${LAUNCH_TOKEN_PARAM}=${encodeURIComponent(lt)}${hash ? `#${hash}` : ""}`;
}

/** Headers for fetch() calls to Lantern's own APIs: the Bearer token when the page was opened with `lt`. */
export function launchTokenHeaders(lt: string | null | undefined): Record<string, string> {
  return lt ? { authorization: `Bearer ${lt}` } : {};
}
