import { compactVerify, errors as joseErrors } from "jose";
import { env } from "@/lib/env";
import { consumeBoundLoginState, selectOptionalLoginStateWithPlatform, type LtiLoginState } from "@/lib/models/lti-launches";
import type { LtiDeployment, LtiPlatform } from "@/lib/models/lti-platforms";
import { readCookie, sha256, stateCookieName } from "./binding";
import { CLAIM, DEEP_LINKING_REQUEST, launchClaimsSchema, RESOURCE_LINK_REQUEST, type LaunchClaims } from "./claims";
import { platformKey, PlatformKeyError } from "./platform-keys";
import { LaunchRefusal } from "./refusal";
import { findDeployment, findPlatformById } from "./registry-cache";

/** Largest id_token we look at (Canvas tokens with many custom fields are ~5 KiB). */
export const MAX_ID_TOKEN_CHARS = 32 * 1024;
/** Clock skew we tolerate on exp/iat. */
export const CLOCK_LEEWAY_S = 30;
/** Oldest `iat` we accept: the platform → browser → tool hop takes seconds, not minutes (ltijs' 10 s is too tight). */
export const MAX_TOKEN_AGE_S = 120;

export type VerifiedLaunch = {
  kind: "verified";
  platform: LtiPlatform;
  deployment: LtiDeployment;
  claims: LaunchClaims;
  state: string;
};
/** The browser binding must be read from the platform's storage first (third-party cookies blocked). */
export type NeedsStorage = { kind: "needs_storage"; loginState: LtiLoginState; platform: LtiPlatform };

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function decodeHeader(token: string): { alg?: unknown; kid?: unknown } {
  try {
    const header = JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString("utf8"));
    if (header && typeof header === "object") return header;
  } catch {
    // fall through
  }
  throw new LaunchRefusal("malformed_token", "The id_token header is not JSON.");
}

/** A first-party relaunch (new window) from the parameters the login kept. */
function relaunchUrl(loginState: LtiLoginState): string {
  return `${env().APP_URL}/lti/login?${new URLSearchParams(loginState.loginParams)}`;
}

/**
 * Verifies an LTI 1.3 launch (form_post of id_token + state) per the 1EdTech Security Framework §5.1.3
 * (https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation) and LTI Core 1.3 §5
 * (https://www.imsglobal.org/spec/lti/v1p3#required-message-claims). Cheap shape checks run before any database or
 * crypto work; the login state is consumed as soon as the browser binding is proven, so it is single-use.
 */
export async function verifyLaunch(params: Record<string, string>, cookieHeader: string | null): Promise<VerifiedLaunch | NeedsStorage> {
  const { id_token: idToken, state } = params;
  if (!idToken || !state) throw new LaunchRefusal("malformed_request", "The launch has no id_token or no state.");
  if (idToken.length > MAX_ID_TOKEN_CHARS) throw new LaunchRefusal("token_too_large", `id_token of ${idToken.length} characters.`);
  if (state.length > 200) throw new LaunchRefusal("malformed_request", "The state parameter is too long.");
  if (!JWT_SHAPE.test(idToken)) throw new LaunchRefusal("malformed_token", "The id_token is not a compact JWS.");
  const header = decodeHeader(idToken);
  if (header.alg !== "RS256") throw new LaunchRefusal("unsupported_algorithm", `alg ${String(header.alg)}.`);
  if (typeof header.kid !== "string" || !header.kid) throw new LaunchRefusal("malformed_token", "The id_token has no kid.");

  // State: issued by us, unexpired, unused, and bound to this browser (Security Framework §7.3.1,
  // https://www.imsglobal.org/spec/security/v1p0/#prevent-csrf). The binding is the partitioned state cookie, else the
  // secret read back from platform storage. A proven binding consumes the login in the same statement: single use,
  // and a concurrent replay finds nothing.
  const stateHash = sha256(state);
  const cookieBinding = readCookie(cookieHeader, stateCookieName(state));
  const storageBinding = params.lti_storage_binding;
  let loginState: LtiLoginState | null = null;
  for (const binding of [cookieBinding, storageBinding]) {
    if (binding !== undefined && !loginState) loginState = await consumeBoundLoginState({ stateHash, bindingHash: sha256(binding) });
  }
  if (!loginState) {
    const pending = await selectOptionalLoginStateWithPlatform({ stateHash });
    if (!pending) throw new LaunchRefusal("state_unknown", "No pending login matches this state (unknown, expired or used).");
    if (pending.loginState.storageTarget && cookieBinding === undefined && storageBinding === undefined) {
      return { kind: "needs_storage", loginState: pending.loginState, platform: pending.platform };
    }
    throw new LaunchRefusal(
      "state_not_bound",
      cookieBinding || storageBinding ? "The browser presented a different login binding." : "No state cookie and no platform storage.",
      relaunchUrl(pending.loginState),
    );
  }
  const platform = await findPlatformById(loginState.platformId);
  if (!platform) throw new LaunchRefusal("unknown_platform", "The platform of this login is no longer registered.");
  if (!platform.active) throw new LaunchRefusal("platform_inactive", `Registration ${platform.name} is inactive.`);

  const payload = await verifySignature(idToken, platform, header.kid);
  checkCoreClaims(payload, platform, loginState);
  const claims = checkLtiClaims(payload);
  const deployment = await findDeployment(platform.id, claims[CLAIM.deploymentId]);
  if (!deployment) {
    throw new LaunchRefusal("deployment_unknown", `Deployment ${claims[CLAIM.deploymentId]} is not registered for ${platform.issuer}.`);
  }
  return { kind: "verified", platform, deployment, claims, state };
}

async function verifySignature(idToken: string, platform: LtiPlatform, kid: string): Promise<Record<string, unknown>> {
  try {
    const key = await platformKey(platform.jwksUrl, kid);
    const { payload } = await compactVerify(idToken, key, { algorithms: ["RS256"] });
    const claims = JSON.parse(new TextDecoder().decode(payload));
    if (!claims || typeof claims !== "object" || Array.isArray(claims)) throw new Error("payload is not an object");
    return claims;
  } catch (error) {
    if (error instanceof PlatformKeyError) throw new LaunchRefusal(error.reason, error.message);
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw new LaunchRefusal("bad_signature", "The id_token signature does not verify with the platform's key.");
    }
    throw new LaunchRefusal("malformed_token", `The id_token could not be read: ${(error as Error).message}`);
  }
}

/** iss, aud, azp, exp, iat, nonce (Security Framework §5.1.3 steps 2–9). */
function checkCoreClaims(payload: Record<string, unknown>, platform: LtiPlatform, loginState: LtiLoginState): void {
  if (payload.iss !== platform.issuer) {
    throw new LaunchRefusal("issuer_mismatch", `iss ${String(payload.iss)} is not ${platform.issuer}.`);
  }
  const aud = payload.aud;
  const audiences = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.includes(platform.clientId)) {
    throw new LaunchRefusal("audience_mismatch", `aud does not contain client id ${platform.clientId}.`);
  }
  // "If the ID Token contains multiple audiences, the Tool SHOULD verify that an azp Claim is present" — and when
  // azp is present it must be our client id.
  if ((audiences.length > 1 || payload.azp !== undefined) && payload.azp !== platform.clientId) {
    throw new LaunchRefusal("azp_mismatch", `azp ${String(payload.azp)} is not client id ${platform.clientId}.`);
  }
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.exp !== "number") throw new LaunchRefusal("claims_missing", "The id_token has no exp.");
  if (now > payload.exp + CLOCK_LEEWAY_S) throw new LaunchRefusal("token_expired", `Expired ${now - payload.exp} s ago.`);
  if (typeof payload.iat !== "number") throw new LaunchRefusal("claims_missing", "The id_token has no iat.");
  if (payload.iat > now + CLOCK_LEEWAY_S) throw new LaunchRefusal("token_from_future", `iat is ${payload.iat - now} s ahead.`);
  if (now - payload.iat > MAX_TOKEN_AGE_S + CLOCK_LEEWAY_S) {
    throw new LaunchRefusal("token_too_old", `Issued ${now - payload.iat} s ago (limit ${MAX_TOKEN_AGE_S} s).`);
  }
  // ltijs 5.9.9 only checks that a nonce is unused; it must be the one this login issued.
  if (payload.nonce !== loginState.nonce) throw new LaunchRefusal("nonce_mismatch", "The nonce is not the one Lantern issued.");
}

/** message_type, version, and the claims each message type requires (LTI Core 1.3 §5.3, Deep Linking 2.0 §4.4). */
function checkLtiClaims(payload: Record<string, unknown>): LaunchClaims {
  const version = payload[CLAIM.version];
  if (version !== "1.3.0") throw new LaunchRefusal("version_unsupported", `version ${String(version)}.`);
  const type = payload[CLAIM.messageType];
  if (type !== RESOURCE_LINK_REQUEST && type !== DEEP_LINKING_REQUEST) {
    throw new LaunchRefusal("message_type_unsupported", `message_type ${String(type)}.`);
  }
  const required: string[] = ["sub", CLAIM.deploymentId, CLAIM.roles, CLAIM.context];
  if (type === RESOURCE_LINK_REQUEST) required.push(CLAIM.resourceLink, CLAIM.targetLinkUri);
  else required.push(CLAIM.deepLinkingSettings);
  const missing = required.filter((name) => payload[name] === undefined || payload[name] === null || payload[name] === "");
  if (missing.length > 0) throw new LaunchRefusal("claims_missing", `Missing claim(s): ${missing.join(", ")}.`);
  const parsed = launchClaimsSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LaunchRefusal("claims_invalid", `Claim ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}
