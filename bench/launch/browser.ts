// A browser as the bench needs one: a cookie jar (per host, Path, Max-Age/Expires, Secure accepted on loopback as
// Chromium treats it as a secure context), redirects followed, and auto-posting forms submitted. Each request is
// timed and named by its step, so the bench can report per-request latency as well as the whole flow.
import http from "node:http";

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

type Cookie = { value: string; path: string; expires: number };

export type Timing = { step: string; ms: number; status: number };

export type Page = { status: number; url: string; body: string; timings: Timing[] };

/** Names a request for the per-request table: which endpoint of which party. */
export type StepNamer = (method: string, url: URL) => string;

export class Browser {
  readonly #jar = new Map<string, Map<string, Cookie>>();

  constructor(readonly name: StepNamer) {}

  cookieHeader(url: URL): string {
    const now = Date.now();
    const cookies = this.#jar.get(url.host);
    if (!cookies) return "";
    const parts: string[] = [];
    for (const [name, c] of cookies) {
      if (c.expires <= now) cookies.delete(name);
      else if (url.pathname === c.path || url.pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`)) parts.push(`${name}=${c.value}`);
    }
    return parts.join("; ");
  }

  #store(url: URL, setCookies: string[] | undefined): void {
    for (const line of setCookies ?? []) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = url.pathname.replace(/\/[^/]*$/, "") || "/";
      let expires = Infinity;
      for (const attr of attrs) {
        const [k, v = ""] = attr.split("=");
        const key = k.trim().toLowerCase();
        if (key === "path") path = v.trim() || "/";
        else if (key === "max-age") expires = Date.now() + Number(v) * 1000;
        else if (key === "expires" && expires === Infinity) expires = Date.parse(v);
      }
      let cookies = this.#jar.get(url.host);
      if (!cookies) this.#jar.set(url.host, (cookies = new Map()));
      if (expires <= Date.now()) cookies.delete(name);
      else cookies.set(name, { value, path, expires });
    }
  }

  /** One HTTP request with this browser's cookies; stores what it sets. */
  request(method: string, url: URL, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; ms: number }> {
    const cookie = this.cookieHeader(url);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method,
          agent,
          headers: {
            accept: "text/html,application/xhtml+xml",
            "user-agent": "lantern-launch-bench",
            ...(cookie && { cookie }),
            ...(body !== undefined && { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) }),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            this.#store(url, res.headers["set-cookie"]);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  /**
   * Navigates like a browser: follows redirects (303 and 302 become GET, 307/308 keep the method) and submits a
   * page that is only an auto-posting form, until a page that is neither. Every hop is timed.
   */
  async navigate(method: string, start: string, form?: Record<string, string>): Promise<Page> {
    const timings: Timing[] = [];
    let url = new URL(start);
    let body = form ? new URLSearchParams(form).toString() : undefined;
    for (let hop = 0; hop < 12; hop++) {
      const res = await this.request(method, url, body);
      timings.push({ step: this.name(method, url), ms: res.ms, status: res.status });
      if (res.status >= 300 && res.status < 400 && res.headers.location) {
        url = new URL(res.headers.location, url);
        if (res.status !== 307 && res.status !== 308) {
          method = "GET";
          body = undefined;
        }
        continue;
      }
      const autoPost = res.status === 200 ? autoPostForm(res.body, url) : null;
      if (autoPost) {
        method = "POST";
        url = autoPost.action;
        body = new URLSearchParams(autoPost.fields).toString();
        continue;
      }
      return { status: res.status, url: url.toString(), body: res.body, timings };
    }
    throw new Error(`too many hops from ${start}`);
  }
}

/** A page whose script submits its only form at once (what an LMS answers an OIDC authorization request with). */
function autoPostForm(html: string, base: URL): { action: URL; fields: Record<string, string> } | null {
  if (html.length > 64 * 1024 || !/document\.forms\[0\]\.submit\(\)/.test(html)) return null;
  const action = html.match(/<form[^>]*action="([^"]*)"/)?.[1];
  if (!action) return null;
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]] = unescape(m[2]);
  return { action: new URL(unescape(action), base), fields };
}

function unescape(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}
