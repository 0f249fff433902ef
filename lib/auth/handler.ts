import { z } from "zod";
import { env } from "@/lib/env";
import { forbidden } from "@/lib/errors";
import { errorResponse, parse, readJsonBody } from "@/lib/http";
import { requireAdmin, requireCourseRole, type CourseAuthz } from "./authz";
import type { CourseRole } from "./roles";
import { getSession, requireSession, type Session } from "./session";

/** Who may call a route: declared next to the handler (house style, rule 10). */
export type Access =
  | { public: true }
  | { user: true }
  | { admin: true }
  /** The course is taken from the `courseId` route parameter. */
  | { courseRoles: readonly CourseRole[] };

type Spec<P, Q, B> = {
  access: Access;
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
};

export type HandlerContext<P, Q, B> = {
  req: Request;
  params: P;
  query: Q;
  body: B;
  session: Session | null;
  authz: CourseAuthz | null;
};

type RouteContext = { params: Promise<Record<string, string | string[]>> };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The one wrapper every route handler goes through: authentication, authorization, CSRF origin check, input
 * validation and the `{ error: { code, message } }` error shape.
 */
export function handler<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  spec: Spec<P, Q, B>,
  fn: (ctx: HandlerContext<P, Q, B>) => Promise<Response | unknown>,
) {
  return async (req: Request, route?: RouteContext): Promise<Response> => {
    try {
      const rawParams = (await route?.params) ?? {};
      const session = "public" in spec.access ? await getSession() : await requireSession();
      const mutating = !SAFE_METHODS.has(req.method);
      if (mutating && spec.sameOriginOnly !== false && session?.via !== "header") checkOrigin(req);

      const params = spec.params ? parse(spec.params, rawParams, "path") : ({} as P);
      const query = spec.query
        ? parse(spec.query, Object.fromEntries(new URL(req.url).searchParams), "query")
        : ({} as Q);
      const body = spec.body
        ? parse(spec.body, await readJsonBody(req, spec.maxBodyBytes ?? 64 * 1024), "body")
        : (undefined as B);

      let authz: CourseAuthz | null = null;
      if ("admin" in spec.access) await requireAdmin(session!);
      if ("courseRoles" in spec.access) {
        const unsafeCourseId = String(rawParams.courseId ?? "");
        authz = await requireCourseRole({ unsafeCourseId, roles: spec.access.courseRoles, session: session! });
      }

      const result = await fn({ req, params, query, body, session, authz });
      return result instanceof Response ? result : Response.json(result ?? { ok: true });
    } catch (error) {
      return errorResponse(error, { method: req.method, path: new URL(req.url).pathname });
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
