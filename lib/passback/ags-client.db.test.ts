import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { resetToolKeyCache, toolJwks } from "@/lib/lti/tool-keys";
import { ensurePlatform } from "@/lib/models/lti-platforms";
import { createAgsClient, nextLink } from "./ags-client";
import { buildScorePayload } from "./score-payload";

withTestDatabase();

type Seen = { method: string; url: string; headers: Headers; body: string };

/**
 * A fake LMS over a fetch function: token endpoint + AGS, verifying what Lantern sends. `tokenEndpoint` may answer
 * instead of issuing a token.
 */
function fakeLms(handler: (req: Seen) => Response | undefined, tokenEndpoint?: () => Response | undefined) {
  const seen: Seen[] = [];
  const assertions: string[] = [];
  let tokens = 0;
  const fetchImpl = async (url: string, init: RequestInit = {}) => {
    const req = { method: init.method ?? "GET", url, headers: new Headers(init.headers), body: String(init.body ?? "") };
    seen.push(req);
    if (url === "https://lms.test/token") {
      const refusal = tokenEndpoint?.();
      if (refusal) return refusal;
      const form = new URLSearchParams(req.body);
      const { payload } = await jwtVerify(form.get("client_assertion")!, createLocalJWKSet(await toolJwks() as never), {
        issuer: "client-1",
        subject: "client-1",
        audience: "https://lms.test/token",
      });
      expect(payload.jti).toBeTruthy();
      expect(form.get("grant_type")).toBe("client_credentials");
      expect(form.get("client_assertion_type")).toBe("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
      assertions.push(form.get("client_assertion")!);
      tokens++;
      return Response.json({ access_token: `tok-${tokens}`, token_type: "Bearer", expires_in: 3600, scope: form.get("scope") });
    }
    return handler(req) ?? new Response("not found", { status: 404 });
  };
  return { fetchImpl, seen, assertions, tokenCount: () => tokens };
}

let platformId: string;
beforeEach(async () => {
  resetToolKeyCache();
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
      Response.json({ error: { code: "unavailable", message: "Injected fault" } }, { status: 503 }),
      new Response("", { status: 502 }),
    ];
    const lms = fakeLms((req) => (req.url.endsWith("/scores") ? responses.shift() : undefined));
    const client = createAgsClient(lms.fetchImpl);
    const post = () => client.postScore({ platformId, lineItemUrl: "https://lms.test/li/3", payload });
    expect(await post()).toEqual({ ok: false, failure: { status: 422, retryAfter: null, message: "422 Score timestamp not valid", rateLimited: false } });
    expect(await post()).toMatchObject({ ok: false, failure: { status: 429, retryAfter: "12" } });
    expect(await post()).toMatchObject({ ok: false, failure: { status: 403, rateLimited: true } });
    // `{error: {code, message}}` bodies gave "503 [object Object]" (seen in the grade-drain bench).
    expect(await post()).toMatchObject({ ok: false, failure: { status: 503, message: "503 Injected fault" } });
    expect(await post()).toMatchObject({ ok: false, failure: { status: 502, message: "502 Bad Gateway" } });
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

  it("reads line items whose unset fields are null (Canvas, Moodle)", async () => {
    const lms = fakeLms((req) =>
      req.method === "GET"
        ? Response.json([
            { id: "https://lms.test/li/3", label: "Loops", scoreMaximum: 10, resourceLinkId: "rl1", resourceId: null, tag: null },
            { id: "https://lms.test/li/4", label: "Free", scoreMaximum: 5, resourceLinkId: null, resourceId: null },
          ])
        : undefined,
    );
    expect(await createAgsClient(lms.fetchImpl).listLineItems({ platformId, lineItemsUrl: "https://lms.test/items", resourceLinkId: "rl1" })).toEqual({
      ok: true,
      value: [
        { id: "https://lms.test/li/3", resourceLinkId: "rl1" },
        { id: "https://lms.test/li/4" },
      ],
    });
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

  it("keeps the score's timestamp (the grade change) although ltijs sets it to now, identical on a retry", async () => {
    const bodies: string[] = [];
    let calls = 0;
    const lms = fakeLms((req) => {
      if (!req.url.endsWith("/scores")) return undefined;
      bodies.push(req.body);
      return ++calls === 1 ? new Response("busy", { status: 503 }) : new Response(null, { status: 204 });
    });
    const client = createAgsClient(lms.fetchImpl);
    const post = () => client.postScore({ platformId, lineItemUrl: "https://lms.test/li/5/", payload });
    expect(await post()).toMatchObject({ ok: false, failure: { status: 503 } });
    await new Promise((r) => setTimeout(r, 5));
    expect(await post()).toEqual({ ok: true, value: null });
    expect(lms.seen.filter((r) => r.url.endsWith("/scores")).map((r) => r.url)).toEqual([
      "https://lms.test/li/5/scores",
      "https://lms.test/li/5/scores",
    ]);
    expect(bodies.map((b) => JSON.parse(b).timestamp)).toEqual(["2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"]);
    expect(bodies.map((b) => JSON.parse(b))).toEqual([payload, payload]);
  });

  it("signs the client assertion with a key in /lti/jwks, for the token URL", async () => {
    const lms = fakeLms((req) => (req.url.endsWith("/scores") ? new Response(null, { status: 204 }) : undefined));
    await createAgsClient(lms.fetchImpl).postScore({ platformId, lineItemUrl: "https://lms.test/li/6", payload });
    const [assertion] = lms.assertions;
    const { kid, alg } = decodeProtectedHeader(assertion);
    expect(alg).toBe("RS256");
    expect((await toolJwks()).keys.map((k) => k.kid)).toContain(kid);
    const claims = JSON.parse(Buffer.from(assertion.split(".")[1], "base64url").toString());
    expect(claims.aud).toBe("https://lms.test/token");
    const tokenRequest = new URLSearchParams(lms.seen.find((r) => r.url === "https://lms.test/token")!.body);
    expect(tokenRequest.get("scope")).toBe("https://purl.imsglobal.org/spec/lti-ags/scope/score");
  });

  it("reuses one token for many scores and fetches a new one once after a 401", async () => {
    let revoke = false;
    const lms = fakeLms((req) => {
      if (!req.url.endsWith("/scores")) return undefined;
      if (revoke && req.headers.get("authorization") === "Bearer tok-1") return new Response("revoked", { status: 401 });
      return new Response(null, { status: 204 });
    });
    const client = createAgsClient(lms.fetchImpl);
    const post = (i: number) => client.postScore({ platformId, lineItemUrl: `https://lms.test/li/${i}`, payload });
    for (let i = 0; i < 5; i++) expect((await post(i)).ok).toBe(true);
    expect(lms.tokenCount()).toBe(1);
    revoke = true;
    for (let i = 0; i < 5; i++) expect((await post(i)).ok).toBe(true);
    expect(lms.tokenCount()).toBe(2);
    const auth = lms.seen.filter((r) => r.url.endsWith("/scores")).map((r) => r.headers.get("authorization"));
    expect(auth).toEqual([...Array(6).fill("Bearer tok-1"), ...Array(5).fill("Bearer tok-2")]);
  });

  it("gives up after a second 401 with the LMS's answer", async () => {
    const lms = fakeLms((req) => (req.url.endsWith("/scores") ? Response.json({ error: "invalid_token" }, { status: 401 }) : undefined));
    const result = await createAgsClient(lms.fetchImpl).postScore({ platformId, lineItemUrl: "https://lms.test/li/7", payload });
    expect(result).toEqual({ ok: false, failure: { status: 401, retryAfter: null, message: "401 invalid_token", rateLimited: false } });
    expect(lms.tokenCount()).toBe(2);
  });

  it("reports a token endpoint refusal with its status and Retry-After, and an unreadable token as 502", async () => {
    const answers = [
      new Response(JSON.stringify({ error: "invalid_client" }), { status: 429, headers: { "retry-after": "30" } }),
      Response.json({ token_type: "Bearer", expires_in: 3600 }),
      new Response("<html>maintenance</html>", { status: 200 }),
    ];
    const lms = fakeLms(
      (req) => (req.url.endsWith("/scores") ? new Response(null, { status: /^Bearer tok-\d+$/.test(req.headers.get("authorization") ?? "") ? 204 : 401 }) : undefined),
      () => answers.shift(),
    );
    const client = createAgsClient(lms.fetchImpl);
    const post = () => client.postScore({ platformId, lineItemUrl: "https://lms.test/li/8", payload });
    expect(await post()).toEqual({
      ok: false,
      failure: { status: 429, retryAfter: "30", message: 'The LMS refused an access token (429): {"error":"invalid_client"}', rateLimited: false },
    });
    expect(await post()).toEqual({ ok: false, failure: { status: 502, message: "The LMS token endpoint answered with something that is not a token." } });
    expect(await post()).toMatchObject({ ok: false, failure: { status: 502 } });
    // The token-less answers were not kept: the next call gets a real token and delivers.
    expect(await post()).toEqual({ ok: true, value: null });
    expect(lms.seen.filter((r) => r.url.endsWith("/scores")).map((r) => r.headers.get("authorization"))).toEqual(["Bearer undefined", "Bearer tok-1"]);
  });

  it("reports an unreadable line item list as 502", async () => {
    const lms = fakeLms((req) => (req.method === "GET" ? new Response("<html>", { status: 200 }) : undefined));
    expect(await createAgsClient(lms.fetchImpl).listLineItems({ platformId, lineItemsUrl: "https://lms.test/items", resourceLinkId: "rl1" })).toEqual({
      ok: false,
      failure: { status: 502, message: "The LMS sent an unreadable line item list." },
    });
  });

  it("sends nothing to a deactivated platform", async () => {
    const inactive = await ensurePlatform({
      values: {
        issuer: `https://lms.test/${Math.random()}`,
        clientId: "client-1",
        name: "Old LMS",
        authLoginUrl: "https://lms.test/auth",
        authTokenUrl: "https://lms.test/token",
        jwksUrl: "https://lms.test/jwks",
        registeredVia: "manual",
        active: false,
      },
    });
    const lms = fakeLms(() => new Response(null, { status: 204 }));
    const result = await createAgsClient(lms.fetchImpl).postScore({ platformId: inactive.id, lineItemUrl: "https://lms.test/li/9", payload });
    expect(result).toMatchObject({ ok: false, failure: { status: null, message: expect.stringMatching(/deactivated/) } });
    expect(lms.seen).toEqual([]);
  });
});

describe("nextLink", () => {
  it("finds rel=next among several links", () => {
    expect(nextLink('<https://a/p1>; rel="prev", <https://a/p3>; rel="next"')).toBe("https://a/p3");
    expect(nextLink('<https://a/p1>; rel="last"')).toBeNull();
    expect(nextLink(null)).toBeNull();
  });
});
