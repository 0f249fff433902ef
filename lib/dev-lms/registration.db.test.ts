import { describe, expect, it, vi } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { GET as openid } from "@/app/dev/lms/.well-known/openid-configuration/route";
import { GET as jwks } from "@/app/dev/lms/jwks/route";
import { POST as register } from "@/app/dev/lms/register/route";
import { selectOptionalDevLmsTool } from "@/lib/models/dev-lms";
import { createRegistrationToken } from "./registration";
import { CLAIM, SCOPES } from "./scopes";
import { TEST_ORIGIN, TOOL_ORIGIN, testUrls } from "./testing";

vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined }) }));

withTestDatabase();

const host = new URL(TEST_ORIGIN).host;

/** A client registration as Lantern (and ltijs) sends it. */
function registration(over: Record<string, unknown> = {}, config: Record<string, unknown> = {}) {
  return {
    application_type: "web",
    response_types: ["id_token"],
    grant_types: ["implicit", "client_credentials"],
    initiate_login_uri: `${TOOL_ORIGIN}/lti/login`,
    redirect_uris: [`${TOOL_ORIGIN}/lti/launch`],
    client_name: "Lantern",
    jwks_uri: `${TOOL_ORIGIN}/lti/jwks`,
    token_endpoint_auth_method: "private_key_jwt",
    scope: `${SCOPES.score} ${SCOPES.lineItem} ${SCOPES.membershipsReadonly} https://example.com/unknown`,
    [CLAIM.toolConfiguration]: {
      domain: new URL(TOOL_ORIGIN).host,
      target_link_uri: `${TOOL_ORIGIN}/lti/launch`,
      custom_parameters: { due_at: "$Canvas.assignment.dueAt.iso8601" },
      messages: [{ type: "LtiDeepLinkingRequest", target_link_uri: `${TOOL_ORIGIN}/lti/launch`, placements: ["assignment_selection"] }],
      claims: ["iss", "sub", "name", "email"],
      ...config,
    },
    ...over,
  };
}

async function post(body: unknown, token?: string | null) {
  const headers: Record<string, string> = { "content-type": "application/json", host };
  const bearer = token === undefined ? await createRegistrationToken(testUrls) : token;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const res = await register(new Request(testUrls.registration, { method: "POST", headers, body: JSON.stringify(body) }));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("openid-configuration (Dynamic Registration §3.3)", () => {
  it("names the issuer and endpoints under the request's own origin, with the LTI platform configuration", async () => {
    const res = await openid(new Request(testUrls.openidConfiguration, { headers: { host } }));
    const config = (await res.json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      issuer: `${TEST_ORIGIN}/dev/lms`,
      authorization_endpoint: `${TEST_ORIGIN}/dev/lms/auth`,
      token_endpoint: `${TEST_ORIGIN}/dev/lms/token`,
      jwks_uri: `${TEST_ORIGIN}/dev/lms/jwks`,
      registration_endpoint: `${TEST_ORIGIN}/dev/lms/register`,
      token_endpoint_auth_methods_supported: ["private_key_jwt"],
      id_token_signing_alg_values_supported: ["RS256"],
    });
    const platform = config[CLAIM.platformConfiguration] as { messages_supported: { type: string }[] };
    expect(platform.messages_supported.map((m) => m.type)).toEqual(["LtiResourceLinkRequest", "LtiDeepLinkingRequest"]);
    const other = await openid(new Request("http://localhost:4000/dev/lms/.well-known/openid-configuration", { headers: { host: "localhost:4000" } }));
    expect(((await other.json()) as { issuer: string }).issuer).toBe("http://localhost:4000/dev/lms");
  });

  it("publishes an RS256 key with a kid and no private parts", async () => {
    const { keys } = (await (await jwks(new Request(testUrls.jwks))).json()) as { keys: Record<string, string>[] };
    expect(keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(keys[0].kid).toBeTruthy();
    expect(keys[0].d).toBeUndefined();
  });
});

describe("registration endpoint (Dynamic Registration §3.5–3.6)", () => {
  it("registers the tool, grants only supported scopes and returns client_id and deployment_id", async () => {
    const { status, body } = await post(registration());
    expect(status).toBe(200);
    expect(body.client_id).toMatch(/^dev-client-/);
    expect(body.scope).toBe(`${SCOPES.score} ${SCOPES.lineItem} ${SCOPES.membershipsReadonly}`);
    const config = body[CLAIM.toolConfiguration] as { deployment_id: string };
    expect(config.deployment_id).toMatch(/^dev-deployment-/);
    const tool = await selectOptionalDevLmsTool({ clientId: String(body.client_id) });
    expect(tool).toMatchObject({ source: "dynamic", jwksUri: `${TOOL_ORIGIN}/lti/jwks`, deploymentId: config.deployment_id });
  });

  it("requires a valid, unused registration token", async () => {
    expect((await post(registration(), null)).body.error).toBe("invalid_token");
    expect((await post(registration(), "garbage")).status).toBe(401);
    const token = await createRegistrationToken(testUrls);
    expect((await post(registration(), token)).status).toBe(200);
    expect((await post(registration(), token)).body).toMatchObject({ error: "invalid_token", error_description: expect.stringMatching(/already used/) });
  });

  it.each([
    ["application_type native", { application_type: "native" }, {}, "invalid_client_metadata"],
    ["no client_credentials grant", { grant_types: ["implicit"] }, {}, "invalid_client_metadata"],
    ["a wrong auth method", { token_endpoint_auth_method: "client_secret_basic" }, {}, "invalid_client_metadata"],
    ["no redirect_uris", { redirect_uris: [] }, {}, "invalid_redirect_uri"],
    ["a redirect_uri outside the domain", { redirect_uris: ["https://evil.example/launch"] }, {}, "invalid_redirect_uri"],
    ["a login URI outside the domain", { initiate_login_uri: "https://evil.example/login" }, {}, "invalid_client_metadata"],
    ["no tool configuration domain", {}, { domain: undefined }, "invalid_client_metadata"],
    ["no target_link_uri", {}, { target_link_uri: undefined }, "invalid_client_metadata"],
  ])("refuses %s", async (_name, over, config, code) => {
    const { status, body } = await post(registration(over, config));
    expect(status).toBe(400);
    expect(body.error).toBe(code);
    expect(body.error_description).toBeTruthy();
  });

  it("accepts URLs on a secondary domain", async () => {
    const { status } = await post(
      registration({ redirect_uris: ["http://127.0.0.2:3999/lti/launch"] }, { secondary_domains: ["127.0.0.2:3999"] }),
    );
    expect(status).toBe(200);
  });
});
