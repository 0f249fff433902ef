/**
 * The security headers Lantern sends outside development (issue 10, item 7). Pure: proxy.ts supplies the nonce and
 * the LMS origins (lib/security-headers/frame-origins.ts).
 *
 * - CSP Level 3 (https://www.w3.org/TR/CSP3/): scripts only from Lantern or carrying this response's nonce (Next.js
 *   puts the nonce it finds in the request's CSP on its own scripts); `'wasm-unsafe-eval'` lets Pyodide compile
 *   its WebAssembly, `worker-src` lets the editor start its Python worker. No plugins, no <base> hijacking.
 * - `frame-ancestors` (which replaces X-Frame-Options): only Lantern and the registered LMSs may frame it, so another
 *   site cannot frame a signed-in Lantern (the session cookie is SameSite=None for the LMS iframe).
 * - `form-action`: Lantern's forms post to itself and to LMSs (the Deep Linking response, LTI Deep Linking 2.0 §4.5).
 * - HSTS (RFC 6797; browsers ignore it over plain http) and a Permissions-Policy that turns off devices Lantern never uses.
 */

export type PolicyKind =
  /** Lantern's pages and APIs. */
  | "app"
  /**
   * LTI Dynamic Registration (/lti/register): the LMS opens it in its own frame before it is registered, so its
   * origin cannot be known yet (Dynamic Registration 1.0 §3.2). The page only reports the outcome.
   */
  | "registration"
  /** The dev LMS (never in production): a stand-in for a foreign LMS that frames and posts to Lantern's origin. */
  | "dev-lms";

export type PolicyInput = {
  kind: PolicyKind;
  nonce: string;
  /** LMS origins allowed to frame Lantern and receive its form posts. */
  lmsOrigins: string[];
  /** Lantern's public URL is https: browsers should upgrade any stray http subresource. */
  https: boolean;
};

export const PERMISSIONS_POLICY = [
  "camera=()",
  "microphone=()",
  "geolocation=()",
  "payment=()",
  "usb=()",
  "serial=()",
  "hid=()",
  "display-capture=()",
  "fullscreen=(self)",
].join(", ");

export const HSTS = "max-age=31536000; includeSubDomains";

/** The Content-Security-Policy header value. */
export function contentSecurityPolicy({ kind, nonce, lmsOrigins, https }: PolicyInput): string {
  const lms = lmsOrigins.join(" ");
  const directives: Record<string, string> = {
    "default-src": "'self'",
    // The dev LMS's own pages run inline scripts without nonces, as a real LMS's would; nothing there is Lantern's.
    "script-src": kind === "dev-lms" ? "'self' 'unsafe-inline'" : `'self' 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    // Inline style attributes and Next's injected <style>: styles cannot run code, and a nonce would also cover them.
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self' blob:",
    "frame-src": kind === "dev-lms" ? "'self' http: https:" : "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": kind === "dev-lms" ? "'self' http: https:" : `'self' ${lms}`.trim(),
    "frame-ancestors": kind === "registration" ? (https ? "https:" : "http: https:") : `'self' ${kind === "dev-lms" ? "" : lms}`.trim(),
  };
  if (https) directives["upgrade-insecure-requests"] = "";
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`.trim())
    .join("; ");
}

/** Every header for one response. */
export function securityHeaders(input: PolicyInput): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(input),
    "strict-transport-security": HSTS,
    "permissions-policy": PERMISSIONS_POLICY,
  };
}

/** Canvas Cloud signs every school's launches as canvas.instructure.com but frames Lantern from the school's own host. */
const CANVAS_CLOUD_ISSUERS = ["https://canvas.instructure.com", "https://canvas.beta.instructure.com", "https://canvas.test.instructure.com"];

/**
 * The CSP source list for LMS addresses: each URL's origin (http(s) only, https only when `httpsOnly`), deduplicated
 * and sorted, plus `https://*.instructure.com` when a Canvas Cloud issuer is among them. Anything that is not a
 * plain origin (CSP metacharacters, credentials, a path trick) is dropped, never passed into the header.
 */
export function lmsOriginSources(urls: (string | null | undefined)[], { httpsOnly }: { httpsOnly: boolean }): string[] {
  const origins = new Set<string>();
  for (const raw of urls) {
    if (!raw) continue;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    if (url.protocol !== "https:" && (httpsOnly || url.protocol !== "http:")) continue;
    if (!/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9a-f:]+\](:\d{1,5})?$/.test(url.origin)) continue;
    origins.add(url.origin);
    if (CANVAS_CLOUD_ISSUERS.includes(url.origin)) origins.add("https://*.instructure.com");
  }
  return [...origins].sort();
}
