import { log } from "@/lib/log";
import { escapeHtml, htmlPage } from "./html";

/**
 * Why a login or launch was refused. Each code has a plain explanation and what an administrator can do; the page
 * shows both, the log gets the technical detail. Never a stack trace.
 */
export const REFUSALS = {
  request_too_large: ["The request was larger than any real launch.", "Nothing to change in Lantern; if this repeats, check what the LMS sends (custom parameters)."],
  malformed_request: ["The request did not contain a launch from an LMS.", "Start the launch from the LMS, not from a bookmark or a copied link."],
  platform_error: ["The LMS reported an error instead of launching.", "Check the tool's configuration in the LMS (redirect URL /lti/launch, client id)."],
  unknown_platform: ["This LMS is not registered with Lantern.", "Register the LMS (Dynamic Registration at /lti/register, or `npm run lti:register`)."],
  platform_inactive: ["This LMS registration is switched off.", "Activate the registration with `npm run lti:register -- --activate`."],
  bad_target: ["The launch asked for an address outside Lantern.", "Set the tool's target link URI to Lantern's /lti/launch."],
  target_mismatch: [
    "The launch asked for a different Lantern address than its login did.",
    "Launch again from the LMS; if this repeats, check that the tool's target link URI is the same in every setting of the LMS.",
  ],
  token_too_large: ["The launch token is too large.", "Reduce the custom parameters configured for the tool in the LMS."],
  malformed_token: ["The launch token is not a valid signed token.", "Check that the LMS is configured for LTI 1.3."],
  unsupported_algorithm: ["The launch token uses a signing algorithm LTI does not allow (RS256 is required).", "Check the LMS's LTI 1.3 key settings."],
  state_unknown: ["This launch was already used, has expired, or was not started here.", "Launch again from the LMS. Launches must complete within 10 minutes."],
  state_not_bound: ["This launch could not be tied to your browser (third-party cookies and LMS storage are unavailable).", "Open Lantern in a new window, or allow cookies for this site."],
  jwks_unavailable: ["Lantern could not fetch the LMS's public keys.", "Check the LMS's keyset URL in the registration and that Lantern can reach it."],
  unknown_key: ["The launch was signed with a key the LMS does not publish.", "Check the keyset URL in the registration matches the LMS."],
  bad_signature: ["The launch token's signature is not valid.", "Check the keyset URL in the registration matches the LMS."],
  issuer_mismatch: ["The launch came from a different LMS than the login.", "Launch again from the LMS; if this repeats, check the registered issuer."],
  audience_mismatch: ["The launch was meant for a different tool.", "Check the client id in the registration."],
  azp_mismatch: ["The launch names several audiences but not Lantern as the authorized party.", "Check the client id in the registration."],
  token_expired: ["The launch token has expired.", "Launch again; check the clocks of the LMS and Lantern servers."],
  token_too_old: ["The launch token was issued too long ago.", "Launch again; check the clocks of the LMS and Lantern servers."],
  token_from_future: ["The launch token claims to be issued in the future.", "Check the clocks of the LMS and Lantern servers."],
  nonce_mismatch: ["The launch does not answer the login Lantern started (nonce).", "Launch again from the LMS."],
  nonce_reused: [
    "This launch token was already used (its nonce was seen before).",
    "Launch again from the LMS; if this repeats, something re-sends launches (a double-submitted form or a proxy retrying POSTs).",
  ],
  version_unsupported: ["The launch is not LTI 1.3.0.", "Configure the tool as LTI 1.3 in the LMS."],
  message_type_unsupported: ["Lantern does not handle this kind of LTI message.", "Use a resource link, course navigation, or Deep Linking placement."],
  deployment_unknown: ["This deployment of the tool is not registered with Lantern.", "Add the deployment id with `npm run lti:register -- --deployment <id>`."],
  claims_missing: ["The launch is missing information Lantern needs.", "Launch from inside a course; check the LMS's privacy settings for the tool."],
  role_not_allowed: ["Only course staff can add Lantern content (Deep Linking).", "Ask an instructor of the course to add the content."],
  claims_invalid: ["The launch contains information in an unexpected form.", "Check the custom parameters configured for the tool in the LMS."],
  // LTI 1.1 (OAuth 1.0a) launches at /lti/1.1/launch.
  consumer_unknown: ["This LTI 1.1 consumer key is not registered with Lantern.", "Create the key with `npm run lti:register -- --lti11 --key <key>` and enter it with its secret in the LMS."],
  consumer_inactive: ["This LTI 1.1 consumer key is switched off.", "Reactivate it with `npm run lti:register -- --lti11 --key <key> --activate`, or move the course to LTI 1.3."],
  oauth_parameter_repeated: ["The launch repeats an OAuth or LTI parameter, so its meaning is ambiguous.", "Check the tool's launch URL and custom parameters in the LMS for duplicates."],
  oauth_method_unsupported: ["The launch is not signed with HMAC-SHA1 (the only method LTI 1.1 uses).", "Check that the LMS is configured for LTI 1.1 with a consumer key and shared secret."],
  oauth_version_unsupported: ["The launch names an OAuth version other than 1.0.", "Check that the LMS is configured for LTI 1.1."],
  oauth_bad_signature: [
    "The launch's OAuth signature is not valid.",
    "Check that the consumer key and shared secret in the LMS are the ones Lantern issued, and that the launch URL is exactly Lantern's /lti/1.1/launch (https, no trailing slash).",
  ],
  oauth_timestamp_old: ["The launch was signed more than 5 minutes ago.", "Launch again; check the clocks of the LMS and Lantern servers."],
  oauth_timestamp_future: ["The launch claims to be signed more than 5 minutes in the future.", "Check the clocks of the LMS and Lantern servers."],
  oauth_nonce_reused: [
    "This launch was already used (its OAuth nonce was seen before).",
    "Launch again from the LMS; if this repeats, something re-sends launches (a double-submitted form or a proxy retrying POSTs).",
  ],
  migration_sign_invalid: [
    "The launch says it continues an LTI 1.1 installation, but its proof of the 1.1 shared secret (oauth_consumer_key_sign) is missing or wrong.",
    "Check that the LMS's LTI 1.1 tool for this course uses the consumer key and secret Lantern issued; see “Move to LTI 1.3” in Lantern's LTI 1.1 guide.",
  ],
  lti_version_unsupported: ["The launch is not an LTI 1.x launch (lti_version LTI-1p0).", "Configure the tool as LTI 1.1 in the LMS, or use Lantern's LTI 1.3 endpoints."],
} as const satisfies Record<string, readonly [string, string]>;

export type RefusalReason = keyof typeof REFUSALS;

/** A refused login or launch; `detail` goes to the log (and the page, it never holds secrets). */
export class LaunchRefusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly detail: string,
    /** A first-party relaunch URL to offer as "open in a new window" (for binding failures). */
    readonly relaunchUrl?: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = "LaunchRefusal";
  }
}

/** Logs the refusal and renders the page ("This launch could not be verified: …"). */
export function refusalResponse(refusal: LaunchRefusal, context: Record<string, unknown> = {}): Response {
  const [what, fix] = REFUSALS[refusal.reason];
  log.warn("lti launch refused", { reason: refusal.reason, detail: refusal.detail, ...context });
  const relaunch = refusal.relaunchUrl
    ? `<p><a class="button" href="${escapeHtml(refusal.relaunchUrl)}" target="_blank" rel="noopener">Open Lantern in a new window</a></p>`
    : "";
  const status = refusal.reason === "request_too_large" || refusal.reason === "token_too_large" ? 413 : 400;
  return htmlPage({
    title: "Launch refused · Lantern",
    status,
    // The reader is most often a student in the LMS frame: first what happened and what they can do, then what the
    // LMS administrator needs (the reason code also names the log line).
    body: `<main><h1>This launch could not be verified: ${escapeHtml(what)}</h1>
<p>Lantern did not open, so nothing was saved or submitted. ${escapeHtml(refusal.detail)}</p>${relaunch}
<h2>What to do next</h2>
<ul><li>Go back to your course in the LMS and open the assignment again.</li>
<li>If this page comes back, tell your instructor or the LMS administrator, and give them the reason code below.</li></ul>
<div class="note"><p><strong>Reason code:</strong> <code>${refusal.reason}</code></p>
<p><strong>What the administrator can do:</strong> ${escapeHtml(fix)}</p></div></main>`,
  });
}
