import { STANDALONE_CSS } from "@/lib/theme";

/** Escapes text for HTML element and attribute content. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** JSON for embedding inside a <script> element (no `</script>` or HTML comment breakouts). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

type PageInput = { title: string; body: string; status?: number; headers?: Record<string, string> };

/**
 * A page that runs `script`, carrying the CSP nonce proxy.ts gave this request (lib/security-headers): the policy
 * refuses inline scripts without it. Outside a Next request (unit and DB tests call handlers directly) and in
 * development there is none.
 */
export async function scriptPage({ script, ...page }: PageInput & { script: string }): Promise<Response> {
  let nonce: string | null = null;
  try {
    const { headers } = await import("next/headers");
    nonce = (await headers()).get("x-nonce");
  } catch {
    // not inside a request
  }
  return htmlPage({ ...page, scriptTag: `<script${nonce ? ` nonce="${escapeHtml(nonce)}"` : ""}>${script}</script>` });
}

/**
 * A standalone HTML page for LTI responses rendered outside the React tree (login, launch, refusals), in the app's
 * look (lib/theme.ts): Shell's header with the wordmark, then `body` (which brings its own <main>).
 */
export function htmlPage({ title, body, scriptTag = "", status = 200, headers = {} }: PageInput & { scriptTag?: string }): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STANDALONE_CSS}</style></head>
<body><header><div><a href="/">Lantern</a></div></header>
${body}${scriptTag}</body></html>`;
  return new Response(html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}
