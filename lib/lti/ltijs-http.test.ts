import { describe, expect, it, vi } from "vitest";
import { LtijsHttpError, LtijsRequestError, patchLtijsHttp, USER_AGENT, withLtijsHttp } from "./ltijs-http";

type Got = Record<string, (url: string, options?: Record<string, unknown>) => Promise<{ statusCode: number; body: string; headers: Record<string, string> }> & { json(): Promise<unknown> }>;

function patched(): Got {
  const got: Record<string, unknown> = {};
  patchLtijsHttp(got);
  return got as Got;
}

describe("ltijs' HTTP client, replaced by fetch", () => {
  it("sends query, JSON and form bodies the way got did, with Lantern's User-Agent", async () => {
    const seen: { url: string; init?: RequestInit }[] = [];
    const fetch = async (url: string, init?: RequestInit) => {
      seen.push({ url, init });
      return Response.json({ ok: true }, { headers: { link: '<https://lms.test/next>; rel="next"' } });
    };
    const got = patched();
    await withLtijsHttp({ fetch }, async () => {
      const page = await got.get("https://lms.test/items?a=1", { searchParams: new URLSearchParams([["limit", "5"]]), headers: { Accept: "x/y" } });
      expect(page.statusCode).toBe(200);
      expect(page.headers.link).toContain("rel=\"next\"");
      expect(await got.post("https://lms.test/items", { json: { label: "L" } }).json()).toEqual({ ok: true });
      await got.post("https://lms.test/token", { form: { grant_type: "client_credentials" } });
    });
    expect(seen[0].url).toBe("https://lms.test/items?a=1&limit=5");
    expect(new Headers(seen[0].init?.headers).get("accept")).toBe("x/y");
    expect(new Headers(seen[0].init?.headers).get("user-agent")).toBe(USER_AGENT);
    expect(seen[1].init?.body).toBe('{"label":"L"}');
    expect(new Headers(seen[1].init?.headers).get("content-type")).toBe("application/json");
    expect(seen[2].init?.body).toBe("grant_type=client_credentials");
    expect(seen[2].init?.signal).toBeInstanceOf(AbortSignal); // every call has a timeout
  });

  it("throws got-shaped errors: HTTPError with the response for non-2xx, RequestError when unreachable", async () => {
    const got = patched();
    const refused = withLtijsHttp({ fetch: async () => new Response("slow down", { status: 429, headers: { "retry-after": "3" } }) }, () =>
      got.get("https://lms.test/x"),
    );
    await expect(refused).rejects.toBeInstanceOf(LtijsHttpError);
    await expect(refused).rejects.toMatchObject({ response: { statusCode: 429, body: "slow down", headers: { "retry-after": "3" } } });
    const down = withLtijsHttp({ fetch: async () => Promise.reject(new TypeError("fetch failed")) }, () => got.get("https://lms.test/x"));
    await expect(down).rejects.toBeInstanceOf(LtijsRequestError);
  });

  it("recognises its errors across module copies (Next evaluates a module once per bundle)", async () => {
    vi.resetModules();
    const other = await import("./ltijs-http");
    expect(other.LtijsHttpError).not.toBe(LtijsHttpError);
    const error = new other.LtijsHttpError({ statusCode: 500, headers: {}, body: "", url: "https://lms.test" });
    expect(error).toBeInstanceOf(LtijsHttpError);
    expect(error).not.toBeInstanceOf(LtijsRequestError);
    expect(new other.LtijsRequestError("https://lms.test", new Error("x"))).toBeInstanceOf(LtijsRequestError);
    expect(new Error("plain")).not.toBeInstanceOf(LtijsHttpError);
  });
});
