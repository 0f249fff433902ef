import { createHash } from "node:crypto";
import { z } from "zod";
import type { Access } from "@/lib/auth/access";
import { badRequest } from "@/lib/errors";
import { handler, type HandlerContext } from "@/lib/auth/handler";
import type { ApiScope } from "@/lib/auth/roles";

/**
 * One /api/v1 operation: its path and method, who may call it, the token scope it accepts, and the zod schemas of
 * its input and output. Route handlers are built from it (`apiRoute`) and so is the OpenAPI document
 * (lib/api/v1/openapi.ts), so the two cannot drift apart.
 */
export type ApiContract<A extends Access, P, Q, B, R extends z.ZodType> = {
  method: "get" | "put" | "post";
  /** OpenAPI path template under /api/v1, e.g. `/courses/{courseId}`. */
  path: string;
  operationId: string;
  summary: string;
  /** Who may call it, in words for the docs (the `access` below is what is enforced). */
  who: string;
  tag: string;
  access: A;
  scope: ApiScope;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response: R;
};

/** Declares a contract with its types inferred. */
export function contract<A extends Access, P = Record<string, never>, Q = Record<string, never>, B = undefined, R extends z.ZodType = z.ZodType>(
  c: ApiContract<A, P, Q, B, R>,
): ApiContract<A, P, Q, B, R> {
  return c;
}

/** A weak ETag over the response body: equal bodies, equal tags (RFC 9110 §8.8.3). */
function etagOf(body: string): string {
  return `W/"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

/**
 * The route handler for a contract: `handler()` does authentication (API token with the contract's scope, or the
 * browser session), CSRF, authorization and input validation; the result is parsed through the response schema
 * (only declared fields leave), and reads get an ETag, answering 304 to a matching If-None-Match.
 */
export function apiRoute<A extends Access, P, Q, B, R extends z.ZodType>(
  c: ApiContract<A, P, Q, B, R>,
  fn: (ctx: HandlerContext<A, P, Q, B>) => Promise<z.input<R>>,
) {
  return handler({ access: c.access, apiScope: c.scope, params: c.params, query: c.query, body: c.body }, async (ctx) => {
    const body = JSON.stringify(c.response.parse(await fn(ctx)));
    const headers = new Headers({ "content-type": "application/json", "cache-control": "private, no-cache" });
    if (c.method !== "get") return new Response(body, { headers });
    const etag = etagOf(body);
    headers.set("etag", etag);
    const match = ctx.req.headers.get("if-none-match");
    if (match && match.split(",").some((t) => t.trim() === etag || t.trim() === "*")) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(body, { headers });
  });
}

/** Encodes the last id of a page as an opaque cursor. */
export function idCursor(lastId: string | undefined, hasMore: boolean): string | null {
  return hasMore && lastId ? Buffer.from(lastId).toString("base64url") : null;
}

/** Decodes a cursor from `idCursor`; anything else is a 400. */
export function afterIdFrom(cursor: string | undefined): string | null {
  if (!cursor) return null;
  const parsed = z.uuid().safeParse(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!parsed.success) throw badRequest("Invalid cursor: pass the nextCursor of the previous page unchanged.");
  return parsed.data;
}
