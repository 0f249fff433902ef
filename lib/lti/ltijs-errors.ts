import { LaunchRefusal, type RefusalReason } from "./refusal";

/**
 * ltijs 5.9.9 `Auth.validateToken` rejects with plain `Error`s whose message is a code (Utils/Auth.js); the
 * jsonwebtoken 9 `jwt.verify` inside it throws JsonWebTokenError / TokenExpiredError / NotBeforeError. Codes that
 * cannot happen with Lantern's inputs (MISSING_VALIDATION_COOKIE: we always pass the login's issuer;
 * AUTHCONFIG_NOT_FOUND) are left out on purpose: they would be our bug, so they are rethrown, not shown as a refusal.
 */
const LTIJS_CODES: Record<string, RefusalReason> = {
  INVALID_JWT_RECEIVED: "malformed_token",
  ISS_CLAIM_DOES_NOT_MATCH: "issuer_mismatch",
  // Our getPlatform answers only (login issuer, registered client id), so an unknown platform means a foreign aud.
  UNREGISTERED_PLATFORM: "audience_mismatch",
  PLATFORM_NOT_ACTIVATED: "platform_inactive",
  KID_NOT_FOUND: "unknown_key",
  KEY_NOT_FOUND: "unknown_key",
  KEYSET_NOT_FOUND: "jwks_unavailable",
  AZP_DOES_NOT_MATCH_CLIENTID: "azp_mismatch",
  ALG_NOT_RS256: "unsupported_algorithm",
  TOKEN_TOO_OLD: "token_too_old",
  NONCE_ALREADY_RECEIVED: "nonce_reused",
  // ltijs says "no message type" for any type other than resource link and deep linking.
  NO_MESSAGE_TYPE_CLAIM: "message_type_unsupported",
  NO_LTI_VERSION_CLAIM: "version_unsupported",
  WRONG_LTI_VERSION_CLAIM: "version_unsupported",
  NO_TARGET_LINK_URI_CLAIM: "claims_missing",
  NO_RESOURCE_LINK_ID_CLAIM: "claims_missing",
  NO_DEPLOYMENT_ID_CLAIM: "claims_missing",
  NO_SUB_CLAIM: "claims_missing",
  NO_ROLES_CLAIM: "claims_missing",
};

/** jsonwebtoken's JsonWebTokenError messages that are a verdict on the token (the others are about our key or options). */
const JWT_MESSAGES: Record<string, RefusalReason> = {
  "invalid signature": "bad_signature",
  "jwt malformed": "malformed_token",
  "invalid token": "malformed_token",
  "jwt signature is required": "malformed_token",
  "invalid algorithm": "unsupported_algorithm",
  "invalid exp value": "claims_invalid",
  "invalid nbf value": "claims_invalid",
};

const show = (value: unknown) => String(value).slice(0, 120);

/** Postgres unique_violation, possibly wrapped by Drizzle (DrizzleQueryError.cause) — pg and PGlite both set `code`. */
function isUniqueViolation(error: unknown): boolean {
  let e = error;
  for (let depth = 0; depth < 4 && e instanceof Error; depth++, e = e.cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

/**
 * The refusal for an error from ltijs' token validation, or null when the error says nothing about the token (a
 * database outage, a bug): the caller rethrows those so they reach the error page and the log, not a refusal page.
 * `payload` is the decoded, unverified payload, used only for the detail line.
 */
export function refusalFromLtijs(error: unknown, payload: Record<string, unknown>, expected: { issuer: string; clientId: string }): LaunchRefusal | null {
  // validateToken's only write is the nonce insert: a unique violation is a concurrent replay that passed the
  // "unused?" read at the same time, or a nonce whose 10 s ltijs lifetime ended but whose row is not yet cleaned up.
  if (isUniqueViolation(error)) return new LaunchRefusal("nonce_reused", "The nonce was stored by another launch (concurrent replay).");
  if (!(error instanceof Error)) return null;
  if (error.name === "TokenExpiredError") return new LaunchRefusal("token_expired", `exp ${show(payload.exp)} has passed (no leeway).`);
  if (error.name === "NotBeforeError") return new LaunchRefusal("token_from_future", `nbf ${show(payload.nbf)} is in the future.`);
  if (error.name === "JsonWebTokenError") {
    const reason = JWT_MESSAGES[error.message];
    return reason ? new LaunchRefusal(reason, `The id_token was refused: ${error.message}.`) : null;
  }
  const reason = LTIJS_CODES[error.message];
  if (!reason) return null;
  const detail: Partial<Record<RefusalReason, string>> = {
    issuer_mismatch: `iss ${show(payload.iss)} is not ${expected.issuer}.`,
    audience_mismatch: `aud ${show(payload.aud)} does not contain client id ${expected.clientId}.`,
    azp_mismatch: `azp ${show(payload.azp)} is not client id ${expected.clientId}.`,
    token_too_old: `Issued at ${show(payload.iat)}, too long ago.`,
    nonce_reused: "ltijs has already received this nonce.",
  };
  return new LaunchRefusal(reason, detail[reason] ?? `ltijs refused the id_token: ${error.message}.`);
}
