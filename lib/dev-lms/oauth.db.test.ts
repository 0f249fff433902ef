import { describe, expect, it, vi } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { POST as token } from "@/app/dev/lms/token/route";
import { SCOPES } from "./scopes";
import { createTestTool, testUrls, tokenFields, tokenRequest } from "./testing";

vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined }) }));

withTestDatabase();

async function post(fields: Record<string, string>) {
  const res = await token(tokenRequest(fields));
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe("token endpoint (Security Framework §4.1)", () => {
  it("issues a bearer token for a valid client assertion, granting only requested and registered scopes", async () => {
    const t = await createTestTool({ scopes: [SCOPES.score, SCOPES.lineItem] });
    const { status, body } = await post(tokenFields(await t.assertion(), `${SCOPES.score} ${SCOPES.membershipsReadonly}`));
    expect(status).toBe(200);
    expect(body.token_type).toBe("Bearer");
    expect(body.expires_in).toBe(3600);
    expect(body.scope).toBe(SCOPES.score);
    expect(body.access_token).toMatch(/^[\w-]{40,}$/);
  });

  it("accepts the issuer as aud (like Moodle) as well as the token URL", async () => {
    const t = await createTestTool();
    expect((await post(tokenFields(await t.assertion({ aud: testUrls.issuer }), SCOPES.score))).status).toBe(200);
  });

  it("refuses a replayed jti", async () => {
    const t = await createTestTool();
    const assertion = await t.assertion({ jti: "same" });
    expect((await post(tokenFields(assertion, SCOPES.score))).status).toBe(200);
    const again = await post(tokenFields(assertion, SCOPES.score));
    expect(again).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(again.body.error_description).toMatch(/already used/);
  });

  it.each([
    ["a wrong aud (bare host)", { aud: "http://127.0.0.1:3999" }, /aud/],
    ["sub different from iss", { sub: "someone-else" }, /sub/],
    ["an expired assertion", { exp: Math.floor(Date.now() / 1000) - 60 }, /exp/],
  ])("refuses %s", async (_name, claims, reason) => {
    const t = await createTestTool();
    const { status, body } = await post(tokenFields(await t.assertion(claims), SCOPES.score));
    expect(status).toBe(401);
    expect(body.error).toBe("invalid_client");
    expect(body.error_description).toMatch(reason);
  });

  it("refuses an assertion signed by another key", async () => {
    const t = await createTestTool();
    const other = await createTestTool();
    // Signed by the other tool's key but claiming to be t's client: the kid is unknown to t's keyset.
    const forged = await other.sign({ iss: t.tool.clientId, sub: t.tool.clientId, aud: testUrls.token, jti: "x" });
    const { status, body } = await post(tokenFields(forged, SCOPES.score));
    expect(status).toBe(401);
    expect(body.error).toBe("invalid_client");
  });

  it("refuses an assertion without jti, an unknown client, a wrong grant type and ungranted scopes", async () => {
    const t = await createTestTool({ scopes: [SCOPES.score] });
    expect((await post(tokenFields(await t.sign({ iss: t.tool.clientId, sub: t.tool.clientId, aud: testUrls.token }), SCOPES.score))).body.error).toBe("invalid_client");
    expect((await post(tokenFields(await t.assertion({ iss: "nobody", sub: "nobody" }), SCOPES.score))).body.error).toBe("invalid_client");
    expect((await post({ ...tokenFields(await t.assertion(), SCOPES.score), grant_type: "password" })).body.error).toBe("unsupported_grant_type");
    expect((await post(tokenFields(await t.assertion(), SCOPES.lineItem))).body.error).toBe("invalid_scope");
    expect((await post(tokenFields("not-a-jwt", SCOPES.score))).body.error).toBe("invalid_request");
  });
});
