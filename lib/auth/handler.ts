import { z } from "zod";
import { env } from "@/lib/env";
import { browserErrorPage, wantsPage } from "@/lib/browser-error-page";
import { forbidden } from "@/lib/errors";
import { errorResponse, parse, readJsonBody } from "@/lib/http";
import { authenticate, authorize, courseSource, type Access, type AccessContext } from "./access";
import type { ApiScope } from "./roles";

export type { Access } from "./access";

type Spec<A extends Access, P, Q, B> = {
  access: A;
  /**
   * The API-token scope this route accepts (`Authorization: Bearer|token <api token>`). Without it, API tokens are
   * refused here; browser sessions are unaffected either way.
   */
  apiScope?: ApiScope;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Largest accepted JSON body in bytes (default 64 KiB). */
  maxBodyBytes?: number;
  /**
   * Cross-site POSTs are refused for cookie-authenticated callers (CSRF). Routes that are cross-site by design and
   * authenticate otherwise (LTI launch, exchange API tokens) set this to false.
   */
  sameOriginOnly?: boolean;
  /**
   * A file download linked from pages: GETs may also authenticate with a signed download link
   * (lib/auth/download-link.ts), because browsers send downloads from the LMS iframe without its credentials.
   */
  downloadLink?: boolean;
};

/** What a route handler receives: validated input plus the session/authz its access declares (see AccessContext). */
export type HandlerContext<A extends Access, P, Q, B> = {
  req: Request;
  params: P;
  query: Q;
  body: B;
} & AccessContext<A>;

type RouteContext = { params: Promise<Record<string, string | string[]>> };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The one wrapper every route handler goes through: authentication (session cookie, launch token or API token),
 * CSRF origin check, authorization from the declared access, then input validation, and the
 * `{ error: { code, message } }` error shape. The body is read only after the caller is authenticated and, unless
 * the course itself comes from the body, authorized.
 */
export function handler<A extends Access, P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  spec: Spec<A, P, Q, B>,
  fn: (ctx: HandlerContext<A, P, Q, B>) => Promise<Response | unknown>,
) {
  return async (req: Request, route?: RouteContext): Promise<Response> => {
    try {
      const rawParams = (await route?.params) ?? {};
      const session = await authenticate(spec.access, spec.apiScope, spec.downloadLink ? req : undefined);
      const mutating = !SAFE_METHODS.has(req.method);
      if (mutating && spec.sameOriginOnly !== false && session?.via !== "header") checkOrigin(req);

      const url = new URL(req.url);
      const maxBodyBytes = spec.maxBodyBytes ?? 64 * 1024;
      const source = courseSource(spec.access, "params");
      // A course named in the body needs the body first; it is still read only for an authenticated caller.
      let rawBody = source === "body" ? await readJsonBody(req, maxBodyBytes) : undefined;
      const unsafeCourseId =
        source === "params"
          ? rawParams.courseId
          : source === "query"
            ? url.searchParams.get("courseId")
            : source === "body" && rawBody && typeof rawBody === "object"
              ? (rawBody as Record<string, unknown>).courseId
              : undefined;
      const access = await authorize(spec.access, session, { unsafeCourseId, mutating });

      const params = spec.params ? parse(spec.params, rawParams, "path") : ({} as P);
      const query = spec.query ? parse(spec.query, Object.fromEntries(url.searchParams), "query") : ({} as Q);
      if (spec.body && source !== "body") rawBody = await readJsonBody(req, maxBodyBytes);
      const body = spec.body ? parse(spec.body, rawBody, "body") : (undefined as B);

      const result = await fn({ req, params, query, body, ...access } as HandlerContext<A, P, Q, B>);
      return result instanceof Response ? result : Response.json(result ?? { ok: true });
    } catch (error) {
      const context = { method: req.method, path: new URL(req.url).pathname };
      // A browser that loaded this URL as a page (a download link, a form post) gets a page, scripts get JSON.
      return wantsPage(req) ? browserErrorPage(error, context) : errorResponse(error, context);
    }
  };
}

/** Refuses a state-changing request whose Origin is not ours (CSRF defence for cookie-authenticated routes). */
export function checkOrigin(req: Request): void {
  const origin = req.headers.get("origin");
  const allowed = new Set([new URL(env().APP_URL).origin, new URL(req.url).origin]);
  if (origin) {
    if (!allowed.has(origin)) throw forbidden("Cross-site request refused.");
    return;
  }
  // Browsers always send Origin on cross-site POSTs; Sec-Fetch-Site backs that up for older ones.
  if (req.headers.get("sec-fetch-site") === "cross-site") throw forbidden("Cross-site request refused.");
}
