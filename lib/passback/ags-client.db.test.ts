import { createLocalJWKSet, jwtVerify } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { forgetAccessToken } from "@/lib/lti/access-token";
import { resetToolKeyCache, toolJwks } from "@/lib/lti/tool-keys";
import { ensurePlatform } from "@/lib/models/lti-platforms";
import { createAgsClient, nextLink } from "./ags-client";
import { buildScorePayload } from "./score-payload";

withTestDatabase();

type Seen = { method: string; url: string; headers: Headers; body: string };

/** A fake LMS over a fetch function: token endpoint + AGS, verifying what Lantern sends. */
function fakeLms(handler: (req: Seen) => Response | undefined) {
  const seen: Seen[] = [];
  let tokens = 0;
  const fetchImpl = async (url: string, init: RequestInit = {}) => {
    const req = { method: init.method ?? "GET", url, headers: new Headers(init.headers), body: String(init.body ?? "") };
    seen.push(req);
    if (url === "https://lms.test/token") {
      const form = new URLSearchParams(req.body);
      const { payload } = await jwtVerify(form.get("client_assertion")!, createLocalJWKSet(await toolJwks() as never), {
        issuer: "client-1",
        subject: "client-1",
        audience: "https://lms.test/token",
      });
      expect(payload.jti).toBeTruthy();
      expect(form.get("grant_type")).toBe("client_credentials");
      tokens++;
      return Response.json({ access_token: `tok-${tokens}`, token_type: "Bearer", expires_in: 3600, scope: form.get("scope") });
    }
    return handler(req) ?? new Response("not found", { status: 404 });
  };
  return { fetchImpl, seen, tokenCount: () => tokens };
}

let platformId: string;
beforeEach(async () => {
  resetToolKeyCache();
  forgetAccessToken();
  const platform = await ensurePlatform({
    values: {
      issuer: `https://lms.test/${Math.random()}`,
      clientId: "client-1",
      name: "Test LMS",
      authLoginUrl: "https://lms.test/auth",
      authTokenUrl: "https://lms.test/token",
      jwksUrl: "https://lms.test/jwks",
      registeredVia: "manual",
    },
  });
  platformId = platform.id;
});

const payload = buildScorePayload({ lmsUserId: "u1", score: 4, maxScore: 5, changedAt: new Date("2026-01-01T00:00:00Z"), submittedAt: null, isCanvas: false });

describe("AGS client", () => {
  it("posts scores with the AGS media type and bearer token, reusing the cached token", async () => {
    const lms = fakeLms((req) => (new URL(req.url).pathname.endsWith("/scores") ? new Response(null, { status: 204 }) : undefined));
    const client = createAgsClient(lms.fetchImpl);
    expect(await client.postScore({ platformId, lineItemUrl: "https://lms.test/li/1?x=1", payload })).toEqual({ ok: true, value: null });
    expect(await client.postScore({ platformId, lineItemUrl: "https://lms.test/li/1?x=1", payload })).toEqual({ ok: true, value: null });
    expect(lms.tokenCount()).toBe(1);
    const post = lms.seen.find((r) => r.url.includes("/scores"))!;
    expect(post.url).toBe("https://lms.test/li/1/scores?x=1");
    expect(post.headers.get("content-type")).toBe("application/vnd.ims.lis.v1.score+json");
    expect(post.headers.get("authorization")).toBe("Bearer tok-1");
    expect(post.headers.get("user-agent")).toMatch(/Lantern/);
    expect(JSON.parse(post.body)).toEqual(payload);
  });

  it("gets a fresh token once after a 401", async () => {
    let first = true;
    const lms = fakeLms((req) => {
      if (!req.url.endsWith("/scores")) return undefined;
      if (first) return (first = false), new Response("expired", { status: 401 });
      return new Response(null, { status: 200 });
    });
    const client = createAgsClient(lms.fetchImpl);
    expect((await client.postScore({ platformId, lineItemUrl: "https://lms.test/li/2", payload })).ok).toBe(true);
    expect(lms.tokenCount()).toBe(2);
  });

  it("reports the LMS's status, message, Retry-After and Canvas rate limiting", async () => {
    const responses = [
      new Response(JSON.stringify({ errors: [{ message: "Score timestamp not valid" }] }), { status: 422 }),
      new Response("slow down", { status: 429, headers: { "retry-after": "12" } }),
      new Response("403 Forbidden (Rate Limit Exceeded)", { status: 403 }),
    ];
    const lms = fakeLms((req) => (req.url.endsWith("/scores") ? responses.shift() : undefined));
    const client = createAgsClient(lms.fetchImpl);
    const post = () => client.postScore({ platformId, lineItemUrl: "https://lms.test/li/3", payload });
    expect(await post()).toEqual({ ok: false, failure: { status: 422, retryAfter: null, message: "422 Score timestamp not valid", rateLimited: false } });
    expect(await post()).toMatchObject({ ok: false, failure: { status: 429, retryAfter: "12" } });
    expect(await post()).toMatchObject({ ok: false, failure: { status: 403, rateLimited: true } });
  });

  it("lists line items across pages and creates one with the lineitem media type", async () => {
    const lms = fakeLms((req) => {
      if (req.method === "GET" && req.url.includes("page=2")) return Response.json([{ id: "https://lms.test/li/9", resourceLinkId: "rl1", resourceId: "a1" }]);
      if (req.method === "GET") {
        expect(new URL(req.url).searchParams.get("resource_link_id")).toBe("rl1");
        return Response.json([{ id: "https://lms.test/li/8", resourceLinkId: "other" }], { headers: { link: '<https://lms.test/items?page=2>; rel="next"' } });
      }
      if (req.method === "POST") {
        expect(req.headers.get("content-type")).toBe("application/vnd.ims.lis.v2.lineitem+json");
        return Response.json({ id: "https://lms.test/li/10", ...JSON.parse(req.body) }, { status: 201 });
      }
    });
    const client = createAgsClient(lms.fetchImpl);
    expect(await client.listLineItems({ platformId, lineItemsUrl: "https://lms.test/items", resourceLinkId: "rl1" })).toEqual({
      ok: true,
      value: [{ id: "https://lms.test/li/9", resourceLinkId: "rl1", resourceId: "a1" }],
    });
    const created = await client.createLineItem({
      platformId,
      lineItemsUrl: "https://lms.test/items",
      lineItem: { label: "Loops", scoreMaximum: 10, resourceId: "a1", resourceLinkId: "rl1" },
    });
    expect(created).toEqual({ ok: true, value: "https://lms.test/li/10" });
  });

  it("reports an unreachable token endpoint as a network failure (retried later)", async () => {
    const client = createAgsClient(async () => {
      throw new Error("ECONNREFUSED");
    });
    expect(await client.postScore({ platformId, lineItemUrl: "https://lms.test/li/4", payload })).toMatchObject({
      ok: false,
      failure: { status: null },
    });
  });
});

describe("nextLink", () => {
  it("finds rel=next among several links", () => {
    expect(nextLink('<https://a/p1>; rel="prev", <https://a/p3>; rel="next"')).toBe("https://a/p3");
    expect(nextLink('<https://a/p1>; rel="last"')).toBeNull();
    expect(nextLink(null)).toBeNull();
  });
});
