import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { z } from "zod";
import { selectPlatform } from "@/lib/models/lti-platforms";
import { currentSigningKey } from "./tool-keys";

/** Canvas rejects requests without a User-Agent; every LMS call identifies Lantern. */
export const USER_AGENT = "Lantern/0.1 (LTI 1.3 tool)";
const EXPIRY_SKEW_MS = 60_000;

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
});

const cache = new Map<string, { token: string; expiresAt: number }>();

export class AccessTokenError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
    readonly retryAfter: string | null = null,
  ) {
    super(message);
  }
}

/**
 * An OAuth2 access token for LTI Advantage services, by the client-credentials grant with a signed JWT client
 * assertion (1EdTech Security Framework §4.1, https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant).
 * Cached per platform and scope set until shortly before it expires.
 */
export async function platformAccessToken(
  { platformId, scopes }: { platformId: string; scopes: string[] },
  fetchImpl: FetchLike = fetch,
): Promise<string> {
  const key = `${platformId} ${[...scopes].sort().join(" ")}`;
  const hit = cache.get(key);
  if (hit && hit.expiresAt > Date.now()) return hit.token;

  const platform = await selectPlatform({ platformId });
  const signing = await currentSigningKey();
  const now = Math.floor(Date.now() / 1000);
  // `aud` is the token endpoint URL: Canvas refuses the bare authorization-server host (ltijs 5.9.9 sends that).
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: "RS256", kid: signing.kid, typ: "JWT" })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.authTokenUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .setJti(randomUUID())
    .sign(signing.privateKey);

  let response: Response;
  try {
    response = await fetchImpl(platform.authTokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", "user-agent": USER_AGENT },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: assertion,
        scope: scopes.join(" "),
      }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new AccessTokenError(null, `The LMS token endpoint could not be reached (${(error as Error).message}).`);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new AccessTokenError(
      response.status,
      `The LMS refused an access token (${response.status}): ${text.slice(0, 300)}`,
      response.headers.get("retry-after"),
    );
  }
  let parsed;
  try {
    parsed = tokenResponse.parse(JSON.parse(text));
  } catch {
    throw new AccessTokenError(response.status, "The LMS token endpoint answered with something that is not a token.");
  }
  const lifetimeMs = (parsed.expires_in ?? 3600) * 1000;
  cache.set(key, { token: parsed.access_token, expiresAt: Date.now() + Math.max(0, lifetimeMs - EXPIRY_SKEW_MS) });
  return parsed.access_token;
}

/** Drops a cached token (after a 401, or in tests). */
export function forgetAccessToken(platformId?: string): void {
  for (const key of cache.keys()) if (!platformId || key.startsWith(`${platformId} `)) cache.delete(key);
}
