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

/**
 * fetch() options with `Authorization: Bearer <lt>` added for same-origin requests that carry no Authorization of
 * their own; other requests are passed through untouched (the token never leaves Lantern's origin).
 */
export function bearerInit(input: RequestInfo | URL, init: RequestInit | undefined, origin: string, lt: string): RequestInit | undefined {
  const url = typeof input === "string" || input instanceof URL ? new URL(input, origin) : new URL(input.url);
  if (url.origin !== origin) return init;
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  if (headers.has("authorization")) return init;
  headers.set("authorization", `Bearer ${lt}`);
  return { ...init, headers };
}
