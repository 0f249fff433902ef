import { AsyncLocalStorage } from "node:async_hooks";

/** Canvas rejects requests without a User-Agent; every LMS call identifies Lantern. */
export const USER_AGENT = "Lantern/0.1 (LTI 1.3 tool)";
const TIMEOUT_MS = 15_000;
const MAX_BODY_CHARS = 4 * 1024 * 1024;

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** The parts of a got response ltijs 5.9.9 reads (Grade.js, NamesAndRoles.js, Auth.js, DynamicRegistration.js). */
export type LtijsHttpResponse = { statusCode: number; headers: Record<string, string>; body: string; url: string };

// Next.js may evaluate this module once per bundle (instrumentation, each route), while ltijs' HTTP client is patched
// once per process: errors thrown by one copy must pass `instanceof` in the others, so the classes recognise a
// process-wide brand rather than their own constructor.
const BRAND = Symbol.for("lantern.ltijs-http.error");

/** A non-2xx answer, shaped like got's HTTPError (`error.response`), so callers can read status and headers. */
export class LtijsHttpError extends Error {
  readonly [BRAND] = "http";
  constructor(readonly response: LtijsHttpResponse) {
    super(`Response code ${response.statusCode}`);
    this.name = "HTTPError";
  }
  static [Symbol.hasInstance](value: unknown): boolean {
    return (value as { [BRAND]?: string } | null)?.[BRAND] === "http";
  }
}

/** The LMS could not be reached (DNS, refused, timeout). */
export class LtijsRequestError extends Error {
  readonly [BRAND] = "request";
  constructor(readonly url: string, cause: unknown) {
    super(`The LMS could not be reached (${(cause as Error)?.message ?? String(cause)}).`);
    this.name = "RequestError";
  }
  static [Symbol.hasInstance](value: unknown): boolean {
    return (value as { [BRAND]?: string } | null)?.[BRAND] === "request";
  }
}

type Context = {
  fetch?: FetchLike;
  /** Sees every response (including errors) made inside the context; used to read what ltijs discards. */
  onResponse?: (request: { method: string; url: string }, response: LtijsHttpResponse) => void;
};
// On globalThis: ltijs is patched once per process, but this module may be evaluated again (dev reloads, test files).
const holder = globalThis as unknown as { __lanternLtijsHttp?: AsyncLocalStorage<Context> };
const context = (holder.__lanternLtijsHttp ??= new AsyncLocalStorage<Context>());

/**
 * Runs `fn` with ltijs' HTTP calls going through `ctx.fetch` (tests, the dev LMS) and/or observed by
 * `ctx.onResponse`. Contexts nest: inner settings win, outer ones stay.
 */
export function withLtijsHttp<T>(ctx: Context, fn: () => Promise<T>): Promise<T> {
  return context.run({ ...context.getStore(), ...ctx }, fn);
}

type GotOptions = {
  headers?: Record<string, string>;
  searchParams?: URLSearchParams | Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
};

function request(method: string, url: string, options: GotOptions = {}) {
  const run = async (): Promise<LtijsHttpResponse> => {
    const target = new URL(url);
    if (options.searchParams) {
      for (const [k, v] of new URLSearchParams(options.searchParams as Record<string, string>)) target.searchParams.append(k, v);
    }
    const headers = new Headers(options.headers);
    headers.set("user-agent", USER_AGENT);
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    } else if (options.form) {
      body = new URLSearchParams(options.form).toString();
      headers.set("content-type", "application/x-www-form-urlencoded");
    }
    if (!headers.has("accept")) headers.set("accept", "application/json");
    const ctx = context.getStore() ?? {};
    const fetchImpl = ctx.fetch ?? ((u: string, i?: RequestInit) => fetch(u, i));
    let response: Response;
    try {
      response = await fetchImpl(target.toString(), { method, headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new LtijsRequestError(target.toString(), error);
    }
    const text = await response.text();
    const result: LtijsHttpResponse = {
      statusCode: response.status,
      headers: Object.fromEntries(response.headers),
      body: text.length > MAX_BODY_CHARS ? "" : text,
      url: target.toString(),
    };
    ctx.onResponse?.({ method, url: target.toString() }, result);
    if (text.length > MAX_BODY_CHARS) throw new LtijsRequestError(target.toString(), new Error("response too large"));
    if (response.status < 200 || response.status > 299) throw new LtijsHttpError(result);
    return result;
  };
  const promise = run();
  // got's promise also offers `.json()`; ltijs uses it for token, line item and registration responses.
  return Object.assign(promise, {
    json: async () => {
      const { body } = await promise;
      try {
        return JSON.parse(body);
      } catch {
        throw new Error(`The LMS answered ${method} ${url} with something that is not JSON.`);
      }
    },
  });
}

/**
 * ltijs 5.9.9 sends every LMS request through one shared `got` instance (dist/Utils/Http.js) with no timeout, with
 * got's own retries (which would hide attempts from our retry policy and double-count LMS calls), and no way to
 * substitute a client in tests. We replace that instance's four methods, before any ltijs code runs, with fetch:
 * 15 s timeout, no hidden retries, Lantern's User-Agent, a size cap, and errors shaped like got's.
 */
export function patchLtijsHttp(got: Record<string, unknown>): void {
  got.get = (url: string, options?: GotOptions) => request("GET", url, options);
  got.post = (url: string, options?: GotOptions) => request("POST", url, options);
  got.put = (url: string, options?: GotOptions) => request("PUT", url, options);
  got.delete = (url: string, options?: GotOptions) => request("DELETE", url, options);
}
