import Link from "next/link";
import { z } from "zod";
import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { API_V1 } from "@/lib/api/v1/routes";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

function fieldsOf(schema: z.ZodType | undefined): { name: string; type: string; description?: string }[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, { type?: string | string[]; format?: string; description?: string }>;
  };
  return Object.entries(json.properties ?? {}).map(([name, p]) => ({
    name,
    type: [p.type, p.format].flat().filter(Boolean).join(", ") || "value",
    description: p.description,
  }));
}

/** Human-readable docs for /api/v1, rendered from the same contracts as the OpenAPI document. */
export default page({ access: { public: true } }, async () => {
  const base = `${env().APP_URL}/api/v1`;
  const tags = [...new Set(API_V1.map((c) => c.tag))];
  return (
    <Shell crumbs={[{ label: "REST API" }]}>
      <h1 className="text-2xl font-semibold">Lantern REST API (v1)</h1>
      <div className="mt-2 max-w-3xl space-y-2 text-slate-700">
        <p>
          Base URL <code>{base}</code>. Authenticate with a personal API token from{" "}
          <Link href="/account/tokens" className="text-lantern-700 underline">API tokens</Link>:{" "}
          <code>Authorization: Bearer lnt_…</code>. A token acts as its user: it sees and changes exactly what that user can on
          the pages, within its scopes (<code>read</code>, <code>grades:write</code>, <code>exchange</code>).
        </p>
        <p>
          Errors are <code>{"{ error: { code, message } }"}</code> with the HTTP status. Lists are paged: pass{" "}
          <code>nextCursor</code> back as <code>cursor</code>. Reads carry an <code>ETag</code>; send it as{" "}
          <code>If-None-Match</code> to get 304 when nothing changed. Each token may make 300 requests a minute.
        </p>
        <p>
          Machine-readable: <a href="/api/v1/openapi.json" className="text-lantern-700 underline">OpenAPI 3.1 document</a>.
        </p>
      </div>
      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`} className="mt-8">
          <h2 id={`tag-${tag}`} className="text-xl font-semibold">{tag}</h2>
          {API_V1.filter((c) => c.tag === tag).map((c) => {
            const fields = [...fieldsOf(c.params), ...fieldsOf(c.query), ...fieldsOf(c.body)];
            return (
              <article key={c.operationId} aria-labelledby={`op-${c.operationId}`} className="mt-4 rounded border border-slate-200 p-4">
                <h3 id={`op-${c.operationId}`} className="font-mono text-sm">
                  <span className="font-semibold">{c.method.toUpperCase()}</span> {c.path}
                </h3>
                <p className="mt-1">{c.summary}.</p>
                <p className="mt-1 text-sm text-slate-700">
                  Who: {c.who}. Scope: <code>{c.scope}</code>.
                </p>
                {fields.length > 0 && (
                  <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 text-sm">
                    {fields.map((f) => (
                      <div key={f.name} className="contents">
                        <dt className="font-mono">{f.name}</dt>
                        <dd className="text-slate-700">
                          {f.type}
                          {f.description ? ` — ${f.description}` : ""}
                        </dd>
                      </div>
                    ))}
                  </dl>
                )}
              </article>
            );
          })}
        </section>
      ))}
    </Shell>
  );
});
