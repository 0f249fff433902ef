import type { KeyObject } from "node:crypto";
import type { LtijsDatabasePlugin, LtijsGetPlatform } from "ltijs";
import { env } from "@/lib/env";
import { consumeBoundLoginState, selectOptionalLoginStateWithPlatform, type LtiLoginState } from "@/lib/models/lti-launches";
import type { LtiDeployment, LtiPlatform } from "@/lib/models/lti-platforms";
import { readCookie, sha256, stateCookieName } from "./binding";
import { CLAIM, DEEP_LINKING_REQUEST, launchClaimsSchema, RESOURCE_LINK_REQUEST, withoutNulls, type LaunchClaims } from "./claims";
import { getLtijs } from "./ltijs";
import { refusalFromLtijs } from "./ltijs-errors";
import { ltijsPlatform } from "./ltijs-registry";
import { platformKeyObject, PlatformKeyError } from "./platform-keys";
import { LaunchRefusal } from "./refusal";
import { findDeployment, findPlatformById } from "./registry-cache";
import { lanternUrl } from "./tool-config";

/** Largest id_token we look at (Canvas tokens with many custom fields are ~5 KiB). */
export const MAX_ID_TOKEN_CHARS = 32 * 1024;
/** Clock skew we tolerate on iat (exp and nbf get none: jsonwebtoken checks them inside ltijs). */
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

/** The JSON object in part 0 (header) or 1 (payload) of a compact JWS, unverified. */
function decodePart(token: string, part: 0 | 1): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(token.split(".")[part], "base64url").toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) return value;
  } catch {
    // fall through
  }
  throw new LaunchRefusal("malformed_token", `The id_token ${part === 0 ? "header" : "payload"} is not a JSON object.`);
}

/** A first-party relaunch (new window) from the parameters the login kept. */
function relaunchUrl(loginState: LtiLoginState): string {
  return `${env().APP_URL}/lti/login?${new URLSearchParams(loginState.loginParams)}`;
}

/**
 * Verifies an LTI 1.3 launch (form_post of id_token + state) per the 1EdTech Security Framework §5.1.3
 * (https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation) and LTI Core 1.3 §5
 * (https://www.imsglobal.org/spec/lti/v1p3#required-message-claims). Cheap shape checks run before any database or
 * crypto work; the login state is consumed as soon as the browser binding is proven, so it is single-use. The token
 * itself is validated by ltijs' Auth.validateToken, then by the checks ltijs 5.9.9 lacks.
 */
export async function verifyLaunch(params: Record<string, string>, cookieHeader: string | null): Promise<VerifiedLaunch | NeedsStorage> {
  const { id_token: idToken, state } = params;
  if (!idToken || !state) throw new LaunchRefusal("malformed_request", "The launch has no id_token or no state.");
  if (idToken.length > MAX_ID_TOKEN_CHARS) throw new LaunchRefusal("token_too_large", `id_token of ${idToken.length} characters.`);
  if (state.length > 200) throw new LaunchRefusal("malformed_request", "The state parameter is too long.");
  if (!JWT_SHAPE.test(idToken)) throw new LaunchRefusal("malformed_token", "The id_token is not a compact JWS.");
  const header = decodePart(idToken, 0);
  if (header.alg !== "RS256") throw new LaunchRefusal("unsupported_algorithm", `alg ${String(header.alg)}.`);
  if (typeof header.kid !== "string" || !header.kid) throw new LaunchRefusal("malformed_token", "The id_token has no kid.");
  const unverified = decodePart(idToken, 1);

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

  // Security Framework §5.1.3 step 9: the nonce is required (ltijs would accept a token without one).
  if (typeof unverified.nonce !== "string" || !unverified.nonce) throw new LaunchRefusal("claims_missing", "The id_token has no nonce.");
  const payload = await validateWithLtijs(idToken, platform, header.kid, unverified);
  checkWhatLtijsSkips(payload, platform, loginState);
  const claims = checkLtiClaims(payload);
  checkTargetLinkUri(claims, loginState);
  // LTI Core §5.3.3: the deployment must be one registered for this platform; ltijs only checks that the claim exists.
  const deployment = await findDeployment(platform.id, claims[CLAIM.deploymentId]);
  if (!deployment) {
    throw new LaunchRefusal("deployment_unknown", `Deployment ${claims[CLAIM.deploymentId]} is not registered for ${platform.issuer}.`);
  }
  return { kind: "verified", platform, deployment, claims, state };
}

/**
 * What ltijs' token validation gets as its database: only its nonce store calls it (Auth.validateNonce: look the
 * nonce up, then store it — two statements per launch). Lantern's replay protection is stronger and costs no extra
 * statement: the nonce must equal the one issued with this login (checkWhatLtijsSkips), and the login is consumed by
 * one atomic DELETE … RETURNING before the token is looked at, so a nonce can complete at most one launch (Security
 * Framework §5.1.3 step 9, "the Tool SHOULD verify that it has not yet received this nonce value"). Anything else
 * ltijs might ask of it is a bug here, so it throws.
 */
const NONCE_CHECKED_BY_LOGIN_STATE = {
  async Get(_key: string | false, collection: string) {
    if (collection !== "nonce") throw new Error(`ltijs token validation read ${collection}`);
    return false;
  },
  async Insert(_key: string | false, collection: string) {
    if (collection !== "nonce") throw new Error(`ltijs token validation wrote ${collection}`);
    return true;
  },
} as unknown as LtijsDatabasePlugin;

/**
 * Signature, exp/nbf, iss, aud, alg, iat age and the core LTI claims, by ltijs' `Auth.validateToken` with the key
 * from our cache (its nonce store is replaced: see NONCE_CHECKED_BY_LOGIN_STATE). getPlatform answers only the
 * login's (issuer, client id), so ltijs never looks past the registration the login chose. exp and nbf are now
 * checked by jsonwebtoken with no leeway (ltijs passes no clockTolerance): a known, accepted tightening; `iat` keeps
 * CLOCK_LEEWAY_S below.
 */
async function validateWithLtijs(idToken: string, platform: LtiPlatform, kid: string, unverified: Record<string, unknown>) {
  let key: KeyObject;
  try {
    key = await platformKeyObject(platform.jwksUrl, kid);
  } catch (error) {
    if (error instanceof PlatformKeyError) throw new LaunchRefusal(error.reason, error.message);
    throw error;
  }
  const { Auth } = await getLtijs();
  const getPlatform: LtijsGetPlatform = async (iss, aud) =>
    iss === platform.issuer && aud === platform.clientId ? ltijsPlatform(platform, { method: "RSA_KEY", key }) : false;
  try {
    const maxAge = MAX_TOKEN_AGE_S + CLOCK_LEEWAY_S;
    return await Auth.validateToken(idToken, false, { iss: platform.issuer, maxAge }, getPlatform, env().KEY_ENCRYPTION_SECRET, NONCE_CHECKED_BY_LOGIN_STATE);
  } catch (error) {
    throw refusalFromLtijs(error, unverified, platform) ?? error;
  }
}

/**
 * The Security Framework §5.1.3 steps ltijs 5.9.9 skips or only half does
 * (https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation).
 */
function checkWhatLtijsSkips(payload: Record<string, unknown>, platform: LtiPlatform, loginState: LtiLoginState): void {
  // Steps 4–5: with several audiences azp SHOULD be present, and a present azp must be our client id. ltijs checks
  // azp only when aud is an array, and accepts an array without azp.
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if ((audiences.length > 1 || payload.azp !== undefined) && payload.azp !== platform.clientId) {
    throw new LaunchRefusal("azp_mismatch", `azp ${String(payload.azp)} is not client id ${platform.clientId}.`);
  }
  // Step 7: exp is required; jsonwebtoken only checks it when present.
  if (typeof payload.exp !== "number") throw new LaunchRefusal("claims_missing", "The id_token has no exp.");
  // Step 8: ltijs' age check computes now − iat, which is NaN (and passes) without iat, and never looks ahead.
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.iat !== "number") throw new LaunchRefusal("claims_missing", "The id_token has no iat.");
  if (payload.iat > now + CLOCK_LEEWAY_S) throw new LaunchRefusal("token_from_future", `iat is ${payload.iat - now} s ahead.`);
  // Step 9 and OIDC Core §3.1.3.7 item 11: the nonce must be the one sent in this login's auth request, and that
  // login is already consumed, so the nonce is single-use. (ltijs' own check — not stored in the last 10 s, Auth.js
  // l.242, ltijs issue #175 — is replaced: see NONCE_CHECKED_BY_LOGIN_STATE.)
  if (payload.nonce !== loginState.nonce) throw new LaunchRefusal("nonce_mismatch", "The nonce is not the one Lantern issued.");
}

/**
 * LTI Core 1.3 §5.4.1 (https://www.imsglobal.org/spec/lti/v1p3#target-link-uri): the target_link_uri claim MUST be
 * the value the login initiation carried, and (Security Framework §5.1.1.1) a tool only acts on its own addresses.
 * The login's parameter is checked when the login starts; the signed claim is checked here, or a token issued for
 * another link (or another tool) would be accepted.
 */
function checkTargetLinkUri(claims: LaunchClaims, loginState: LtiLoginState): void {
  const claimed = claims[CLAIM.targetLinkUri];
  if (claimed === undefined) return; // required for resource links (checkLtiClaims); optional in Deep Linking
  const target = lanternUrl(claimed);
  if (!target) throw new LaunchRefusal("bad_target", `target_link_uri ${claimed} is not a Lantern address.`);
  const requested = loginState.loginParams.target_link_uri;
  if (requested !== undefined && lanternUrl(requested)?.href !== target.href) {
    throw new LaunchRefusal("target_mismatch", `target_link_uri ${claimed} is not the login's ${requested}.`);
  }
}

/**
 * The claims each message type requires (LTI Core 1.3 §5.3, Deep Linking 2.0 §4.4), then their shapes. ltijs has
 * checked version 1.3.0 and the message type, but neither context nor deep_linking_settings.
 */
function checkLtiClaims(payload: Record<string, unknown>): LaunchClaims {
  const type = payload[CLAIM.messageType];
  if (type !== RESOURCE_LINK_REQUEST && type !== DEEP_LINKING_REQUEST) {
    throw new LaunchRefusal("message_type_unsupported", `message_type ${String(type)}.`);
  }
  const required: string[] = ["sub", CLAIM.deploymentId, CLAIM.roles, CLAIM.context];
  if (type === RESOURCE_LINK_REQUEST) required.push(CLAIM.resourceLink, CLAIM.targetLinkUri);
  else required.push(CLAIM.deepLinkingSettings);
  const missing = required.filter((name) => payload[name] === undefined || payload[name] === null || payload[name] === "");
  if (missing.length > 0) throw new LaunchRefusal("claims_missing", `Missing claim(s): ${missing.join(", ")}.`);
  const parsed = launchClaimsSchema.safeParse(withoutNulls(payload));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LaunchRefusal("claims_invalid", `Claim ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}
