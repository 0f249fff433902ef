import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";
import { API_V1 } from "./routes";

const ROOT = path.resolve(import.meta.dirname, "../../../app/api/v1");

/** Every route file under app/api/v1 as an OpenAPI path and the methods it exports. */
function routeFiles(dir = ROOT): { path: string; methods: string[] }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    if (name !== "route.ts") return [];
    const source = readFileSync(full, "utf8");
    const methods = [...source.matchAll(/export const (GET|PUT|POST|PATCH|DELETE) =/g)].map((m) => m[1].toLowerCase());
    const apiPath = `/${path.relative(ROOT, dir)}`.replace(/\[([^\]]+)\]/g, "{$1}").replace(/\/$/, "");
    return [{ path: apiPath, methods }];
  });
}

describe("the /api/v1 OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document, $refs included", async () => {
    const document = openApiDocument({ serverUrl: "https://lantern.example.edu/api/v1" });
    const result = await new Validator().validate(document as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
  });

  it("describes exactly the routes that exist, with the methods they export", () => {
    const files = routeFiles().filter((f) => f.path !== "/openapi.json");
    const fromFiles = files.flatMap((f) => f.methods.map((m) => `${m} ${f.path}`)).sort();
    const fromContracts = API_V1.map((c) => `${c.method} ${c.path}`).sort();
    expect(fromFiles).toEqual(fromContracts);
    const document = openApiDocument({ serverUrl: "http://x" }) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)).sort();
    expect(documented).toEqual(fromContracts);
  });

  it("names each operation's scope and uses a unique operationId", () => {
    const ids = API_V1.map((c) => c.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(API_V1.filter((c) => c.method !== "get").every((c) => c.scope === "grades:write")).toBe(true);
  });
});
