/** Small standalone HTML documents the platform serves inside the launch iframe (no React: they are form posts). */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function page(title: string, body: string, script = ""): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;color:#111827;background:#fff;margin:0}main{padding:1.5rem;max-width:48rem}button{font:inherit;padding:.4rem .9rem;border:1px solid #1e3a8a;background:#1e40af;color:#fff;border-radius:.375rem}pre{white-space:pre-wrap;background:#f3f4f6;padding:.75rem;border-radius:.375rem;overflow:auto}table{border-collapse:collapse}td,th{border:1px solid #d1d5db;padding:.25rem .5rem;text-align:left}</style>
</head><body><main>${body}</main>${script}</body></html>`;
}

export function htmlResponse(html: string, status = 200): Response {
  return new Response(html, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
  });
}

/**
 * A form that submits itself (how a platform sends the login initiation and the id_token: OIDC form_post). The
 * button remains for browsers without JavaScript. `method` GET is used for the login initiation.
 */
export function autoSubmitPage({ title, action, fields, method = "post" }: { title: string; action: string; fields: Record<string, string>; method?: "get" | "post" }): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("");
  return page(
    title,
    `<h1 style="font-size:1rem">${escapeHtml(title)}</h1><form id="f" method="${method}" action="${escapeHtml(action)}">${inputs}<button type="submit">Continue</button></form>`,
    `<script>document.getElementById("f").submit()</script>`,
  );
}

export function messagePage(title: string, bodyHtml: string): string {
  return page(title, `<h1 style="font-size:1.25rem">${escapeHtml(title)}</h1>${bodyHtml}`);
}

/** Tests ask for JSON instead of an auto-submitting page (`Accept: application/json`). */
export function wantsJson(req: Request): boolean {
  return (req.headers.get("accept") ?? "").includes("application/json");
}
