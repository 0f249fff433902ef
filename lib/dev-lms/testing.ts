import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from "jose";
import { registerToolManually } from "./manual";
import { platformUrls } from "./platform";

/**
 * Test helpers: a fake tool with its own key pair registered in the dev LMS, able to sign client assertions and
 * Deep Linking responses. For vitest only (the e2e tests use the real tool).
 */

export const TEST_ORIGIN = "http://127.0.0.1:3999";
export const TOOL_ORIGIN = "http://localhost:3999";
export const testUrls = platformUrls(TEST_ORIGIN);

export type TestTool = Awaited<ReturnType<typeof createTestTool>>;

export async function createTestTool(options: { scopes?: string[]; customParameters?: Record<string, string> } = {}) {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const tool = await registerToolManually({
    name: "Test tool",
    initiateLoginUri: `${TOOL_ORIGIN}/lti/login`,
    redirectUris: [`${TOOL_ORIGIN}/lti/launch`],
    targetLinkUri: `${TOOL_ORIGIN}/lti/launch`,
    jwks: { keys: [jwk] },
    ...(options.scopes && { scopes: options.scopes }),
    ...(options.customParameters && { customParameters: options.customParameters }),
  });
  const sign = (claims: JWTPayload, key: CryptoKey = privateKey) => {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid });
    if (claims.iat === undefined) jwt.setIssuedAt();
    if (claims.exp === undefined) jwt.setExpirationTime("60s");
    return jwt.sign(key);
  };
  return {
    tool,
    sign,
    /** A client assertion per Security Framework §4.1.1, with overridable claims. */
    assertion: (claims: JWTPayload = {}) =>
      sign({ iss: tool.clientId, sub: tool.clientId, aud: testUrls.token, jti: randomUUID(), ...claims }),
  };
}

/** A token-endpoint request as a tool sends it. */
export function tokenRequest(fields: Record<string, string>, origin = TEST_ORIGIN): Request {
  return new Request(`${origin}/dev/lms/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", host: new URL(origin).host },
    body: new URLSearchParams(fields).toString(),
  });
}

export function tokenFields(assertion: string, scope: string): Record<string, string> {
  return {
    grant_type: "client_credentials",
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: assertion,
    scope,
  };
}

/** A service request (AGS/NRPS) with a bearer token. */
export function serviceRequest(url: string, init: { method?: string; token?: string; contentType?: string; body?: unknown } = {}): Request {
  const headers: Record<string, string> = { host: new URL(url).host };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.contentType) headers["content-type"] = init.contentType;
  return new Request(url, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
}

/** Route context for a handler call with path parameters. */
export const route = (params: Record<string, string>) => ({ params: Promise.resolve(params) });

/** An access token for a test tool, straight from the token logic. */
export async function accessTokenFor(t: TestTool, scopes: string[]): Promise<string> {
  const { issueAccessToken } = await import("./oauth");
  const result = await issueAccessToken(new URLSearchParams(tokenFields(await t.assertion(), scopes.join(" "))), testUrls);
  return result.body.access_token;
}
