import { z } from "zod";
import type { Access } from "@/lib/auth/access";
import { API_SCOPES } from "@/lib/auth/roles";
import type { ApiContract } from "./contract";
import { API_V1 } from "./routes";
import { errorBody } from "./schemas";

type Json = Record<string, unknown>;
type AnyContract = ApiContract<Access, unknown, unknown, unknown, z.ZodType>;

/**
 * JSON Schema (2020-12, OpenAPI 3.1's dialect) for a zod schema, with named schemas (`.meta({ id })`) moved into
 * `components.schemas` and referenced from there.
 */
function jsonSchema(schema: z.ZodType, io: "input" | "output", components: Record<string, Json>): Json {
  const { $schema: _dialect, $defs, ...root } = z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any" }) as Json & {
    $defs?: Record<string, Json>;
  };
  const rewrite = (value: unknown): unknown =>
    typeof value === "string" && value.startsWith("#/$defs/")
      ? value.replace("#/$defs/", "#/components/schemas/")
      : Array.isArray(value)
        ? value.map(rewrite)
        : value && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]))
          : value;
  for (const [name, def] of Object.entries($defs ?? {})) components[name] = rewrite(def) as Json;
  // A root that is itself a named schema becomes a reference to its component.
  const id = (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id;
  if (id) {
    const { id: _id, ...rest } = rewrite(root) as Json;
    components[id] = rest;
    return { $ref: `#/components/schemas/${id}` };
  }
  return rewrite(root) as Json;
}

function parameters(schema: z.ZodType | undefined, where: "path" | "query", components: Record<string, Json>) {
  if (!schema) return [];
  const object = jsonSchema(schema, "input", components) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: where,
      required: where === "path" || (object.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: propertySchema,
    };
  });
}

const ERRORS: Record<string, string> = {
  "400": "Invalid input: the message says what to fix (`fields` names the fields).",
  "401": "No valid credentials (missing, unknown, expired or revoked token).",
  "403": "The token lacks this operation's scope.",
  "404": "No such resource, or one you may not see (the two are not told apart).",
  "429": "Too many requests for this token; see Retry-After.",
};

/** The OpenAPI 3.1 document for /api/v1, generated from the route contracts (lib/api/v1/routes.ts). */
export function openApiDocument({ serverUrl }: { serverUrl: string }): Json {
  const components: Record<string, Json> = {};
  const errorRef = jsonSchema(errorBody, "output", components);
  const paths: Record<string, Record<string, Json>> = {};
  for (const c of API_V1 as readonly AnyContract[]) {
    const responses: Record<string, Json> = {
      "200": { description: "OK", content: { "application/json": { schema: jsonSchema(c.response, "output", components) } } },
    };
    if (c.method === "get") responses["304"] = { description: "Not modified (the If-None-Match ETag still matches)." };
    for (const [status, description] of Object.entries(ERRORS)) {
      responses[status] = { description, content: { "application/json": { schema: errorRef } } };
    }
    paths[c.path] ??= {};
    paths[c.path][c.method] = {
      operationId: c.operationId,
      summary: c.summary,
      description: `Who may call it: ${c.who}. Token scope: \`${c.scope}\`.`,
      tags: [c.tag],
      security: [{ apiToken: [] }],
      parameters: [...parameters(c.params, "path", components), ...parameters(c.query, "query", components)],
      ...(c.body
        ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(c.body, "input", components) } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Lantern REST API",
      version: "1.0.0",
      description:
        "Read courses, assignments, members, submissions and grades, and post grades, as yourself: a token sees and " +
        "changes exactly what its user can on Lantern's pages. Create a token under Account → API tokens and send it as " +
        "`Authorization: Bearer <token>` (nbgrader clients may send `Authorization: token <token>`). Lists are paged by " +
        `cursor: pass \`nextCursor\` back as \`cursor\`. Scopes: ${API_SCOPES.join(", ")}.`,
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { apiToken: { type: "http", scheme: "bearer", description: "A personal API token (lnt_…)." } },
      schemas: components,
    },
    paths,
  };
}
