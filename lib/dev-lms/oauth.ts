import { createHash, randomBytes } from "node:crypto";
import { decodeJwt } from "jose";
import { insertDevLmsAccessToken, insertDevLmsCall, selectOptionalDevLmsAccessToken } from "@/lib/models/dev-lms-ags";
import { insertDevLmsUsedJti, selectOptionalDevLmsTool } from "@/lib/models/dev-lms";
import type { PlatformUrls } from "./platform";
import { verifyToolJwt } from "./tool-keys";

/**
 * The token endpoint: OAuth 2.0 client credentials with a private_key_jwt client assertion, as the 1EdTech Security
 * Framework 1.0 §4.1 (https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant)
 * prescribes for LTI services.
 */

export const ACCESS_TOKEN_TTL_SECONDS = 3600;
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** An OAuth error (RFC 6749 §5.2) with its HTTP status. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: "invalid_request" | "invalid_client" | "invalid_grant" | "unsupported_grant_type" | "invalid_scope",
    message: string,
  ) {
    super(message);
  }
}

const hash = (token: string) => createHash("sha256").update(token).digest("base64url");

/** Handles a token request's form fields; returns the RFC 6749 §5.1 token response. */
export async function issueAccessToken(form: URLSearchParams, urls: PlatformUrls) {
  if (form.get("grant_type") !== "client_credentials") {
    throw new OAuthError(400, "unsupported_grant_type", "grant_type must be client_credentials.");
  }
  if (form.get("client_assertion_type") !== ASSERTION_TYPE) {
    throw new OAuthError(400, "invalid_request", `client_assertion_type must be ${ASSERTION_TYPE}.`);
  }
  const assertion = form.get("client_assertion") ?? "";
  let clientId: string;
  try {
    clientId = String(decodeJwt(assertion).iss ?? "");
  } catch {
    throw new OAuthError(400, "invalid_request", "client_assertion is not a JWT.");
  }
  const tool = clientId ? await selectOptionalDevLmsTool({ clientId }) : null;
  if (!tool) throw new OAuthError(401, "invalid_client", "Unknown client (the assertion's iss must be the client_id).");

  let payload;
  try {
    // §4.1.1: iss = sub = client_id; aud is the token endpoint URL. Like Moodle we also accept the issuer, because
    // some tools send it; Canvas accepts only the token URL, which is what Lantern must send.
    payload = await verifyToolJwt(tool, assertion, {
      issuer: tool.clientId,
      subject: tool.clientId,
      audience: [urls.token, urls.issuer],
      requiredClaims: ["exp", "iat", "jti"],
      maxTokenAge: "10m",
      clockTolerance: 5,
    });
  } catch (error) {
    throw new OAuthError(401, "invalid_client", `The client assertion was refused: ${(error as Error).message}`);
  }
  const fresh = await insertDevLmsUsedJti({
    issuer: tool.clientId,
    jti: String(payload.jti),
    expiresAt: new Date(Number(payload.exp) * 1000),
  });
  if (!fresh) throw new OAuthError(401, "invalid_client", "The client assertion's jti was already used (replay).");

  const requested = (form.get("scope") ?? "").split(/\s+/).filter(Boolean);
  const granted = requested.filter((s) => tool.scopes.includes(s));
  if (requested.length === 0 || granted.length === 0) {
    throw new OAuthError(400, "invalid_scope", "None of the requested scopes is granted to this tool.");
  }
  const accessToken = randomBytes(32).toString("base64url");
  await insertDevLmsAccessToken({
    values: {
      tokenHash: hash(accessToken),
      clientId: tool.clientId,
      scopes: granted,
      expiresAt: new Date(Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000),
    },
  });
  return {
    clientId: tool.clientId,
    body: { access_token: accessToken, token_type: "Bearer", expires_in: ACCESS_TOKEN_TTL_SECONDS, scope: granted.join(" ") },
  };
}

/** The client and scopes behind an `Authorization: Bearer` header, or null when missing, unknown or expired. */
export async function bearerGrant(authorization: string | null): Promise<{ clientId: string; scopes: string[] } | null> {
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token || token.length > 200) return null;
  const row = await selectOptionalDevLmsAccessToken({ tokenHash: hash(token) });
  return row ? { clientId: row.clientId, scopes: row.scopes } : null;
}

/** Records a token request (without the assertion itself) so tests can count token fetches, e.g. to check caching. */
export async function recordTokenRequest({ req, form, clientId, response }: { req: Request; form: URLSearchParams; clientId: string | null; response: Response }) {
  const body = (await response.clone().json()) as Record<string, unknown>;
  await insertDevLmsCall({
    values: {
      clientId,
      contextId: null,
      service: "oauth.token",
      method: req.method,
      url: req.url,
      status: response.status,
      injected: null,
      contentType: req.headers.get("content-type"),
      requestBody: { grant_type: form.get("grant_type"), scope: form.get("scope"), client_assertion_type: form.get("client_assertion_type") },
      responseBody: "access_token" in body ? { ...body, access_token: "[issued]" } : body,
    },
  });
}
