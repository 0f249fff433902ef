import { notFound as nextNotFound } from "next/navigation";
import { isDevelopmentLike } from "@/lib/env";
import { notFound } from "@/lib/errors";

/** Throws a 404 outside development and test: the dev LMS does not exist in production. */
export function requireDevLms(): void {
  if (!isDevelopmentLike()) throw notFound();
}

/**
 * The origin the caller used to reach us. The e2e harness serves the LMS from http://127.0.0.1:PORT and Lantern from
 * http://localhost:PORT (two sites, so iframe cookie rules apply), so every platform URL is derived from the request
 * rather than from APP_URL.
 */
export function requestOrigin(req: Request | Headers): string {
  const headers = req instanceof Headers ? req : req.headers;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  const fallback = req instanceof Request ? new URL(req.url) : undefined;
  if (!host) return fallback?.origin ?? "http://localhost:3000";
  const proto = headers.get("x-forwarded-proto") ?? fallback?.protocol.replace(":", "") ?? "http";
  return `${proto.split(",")[0].trim()}://${host.split(",")[0].trim()}`;
}

/** Every URL of the platform for one origin. The issuer is `${origin}/dev/lms`. */
export function platformUrls(origin: string) {
  const base = `${origin}/dev/lms`;
  return {
    issuer: base,
    course: base,
    openidConfiguration: `${base}/.well-known/openid-configuration`,
    authorization: `${base}/auth`,
    token: `${base}/token`,
    jwks: `${base}/jwks`,
    registration: `${base}/register`,
    launchStart: (launchId: string) => `${base}/launch?launch=${encodeURIComponent(launchId)}`,
    deepLinkReturn: (launchId: string) => `${base}/deep-link-return?launch=${encodeURIComponent(launchId)}`,
    storageFrame: `${base}/storage`,
    lineItems: (contextId: string) => `${base}/api/contexts/${encodeURIComponent(contextId)}/lineitems`,
    lineItem: (contextId: string, lineItemId: string) =>
      `${base}/api/contexts/${encodeURIComponent(contextId)}/lineitems/${lineItemId}`,
    memberships: (contextId: string) => `${base}/api/contexts/${encodeURIComponent(contextId)}/memberships`,
  };
}

export type PlatformUrls = ReturnType<typeof platformUrls>;

/** The frame name sent as `lti_storage_target` (1EdTech lti-pm-storage); a hidden iframe on the course page. */
export const STORAGE_FRAME_NAME = "dev_lms_storage";

/** The course every launch uses unless a test asks for its own (separate context ids keep tests apart). */
export const DEFAULT_CONTEXT_ID = "dev-course-1";

/** For pages: renders the not-found page outside development and test. */
export function requireDevLmsPage(): void {
  if (!isDevelopmentLike()) nextNotFound();
}
