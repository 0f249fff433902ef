import { env } from "@/lib/env";
import { readLimitedText } from "@/lib/http";
import { MAX_REQUEST_BYTES } from "@/lib/lti/form";
import { LaunchRefusal } from "@/lib/lti/refusal";
import { consumeNonce, selectOptionalConsumerByKey, type Lti11ConsumerWithPlatform } from "@/lib/models/lti11-consumers";
import { isValidSignature, parseAuthorizationHeader, requestParameters, type OAuthParam } from "./oauth1";
import { LTI11_LAUNCH_PATH } from "./paths";
import { decryptConsumerSecret } from "./secret";

export { LTI11_LAUNCH_PATH };
/** Accepted clock difference either way (the issue's ±5 minutes; RFC 5849 §3.3 leaves the window to the server). */
export const TIMESTAMP_WINDOW_S = 5 * 60;
const MAX_NONCE_CHARS = 200;

const REQUIRED_OAUTH = ["oauth_consumer_key", "oauth_signature_method", "oauth_timestamp", "oauth_nonce", "oauth_signature"];

/** A verified LTI 1.1 launch: the consumer it came from and its parameters (each name once, except custom/ext). */
export type VerifiedLti11Launch = {
  consumer: Lti11ConsumerWithPlatform;
  params: Record<string, string>;
  /** The URL the consumer signed (APP_URL + path + the query it sent). */
  launchUrl: string;
};

/** Reads the form body as ordered pairs (duplicates kept: they are signed as sent). */
async function readForm(req: Request): Promise<OAuthParam[]> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_REQUEST_BYTES) throw new LaunchRefusal("request_too_large", `Request body of ${declared} bytes.`);
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) {
    throw new LaunchRefusal("malformed_request", "Expected a form post (application/x-www-form-urlencoded).");
  }
  const text = await readLimitedText(req, MAX_REQUEST_BYTES, () => new LaunchRefusal("request_too_large", `Request body over ${MAX_REQUEST_BYTES} bytes.`));
  return [...new URLSearchParams(text)];
}

/**
 * One value per name. OAuth protocol parameters MUST NOT repeat (RFC 5849 §3.1), and neither may the LTI fields
 * Lantern acts on: two user_id or roles values would let the signer and Lantern read different launches.
 * Custom and extension parameters may repeat (they are signed as sent); the last value is kept.
 */
function singleValued(params: readonly OAuthParam[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of params) {
    if (name in out && !name.startsWith("custom_") && !name.startsWith("ext_")) {
      throw new LaunchRefusal("oauth_parameter_repeated", `Parameter ${name.slice(0, 100)} appears more than once.`);
    }
    out[name] = value;
  }
  return out;
}

/**
 * Verifies an LTI 1.1 basic launch (LTI 1.1 Implementation Guide §4, https://www.imsglobal.org/specs/ltiv1p1/implementation-guide#toc-4):
 * the OAuth 1.0a HMAC-SHA1 signature over the URL the consumer addressed and every body and query parameter
 * (RFC 5849 §3.4), the timestamp within ±5 minutes, and the nonce unused within that window (§3.3). Cheap checks run
 * first; the nonce is recorded only once the signature holds, so forged requests cannot burn real nonces.
 */
export async function verifyLti11Launch(req: Request, { now = new Date() }: { now?: Date } = {}): Promise<VerifiedLti11Launch> {
  if (req.method !== "POST") throw new LaunchRefusal("malformed_request", "An LTI 1.1 launch must be a form POST.");
  const requestUrl = new URL(req.url);
  const launchUrl = `${env().APP_URL}${LTI11_LAUNCH_PATH}${requestUrl.search}`;
  const header = req.headers.get("authorization");
  const authorization = header ? parseAuthorizationHeader(header) : [];
  if (!authorization) throw new LaunchRefusal("malformed_request", "The Authorization header is not an OAuth header.");
  const all = requestParameters(launchUrl, await readForm(req), authorization);
  const params = singleValued(all.filter(([name]) => name !== "realm"));

  const missing = REQUIRED_OAUTH.filter((name) => !params[name]);
  if (missing.length > 0) throw new LaunchRefusal("malformed_request", `Missing OAuth parameter(s): ${missing.join(", ")}.`);
  if (params.oauth_signature_method !== "HMAC-SHA1") {
    throw new LaunchRefusal("oauth_method_unsupported", `oauth_signature_method ${params.oauth_signature_method.slice(0, 50)}.`);
  }
  // RFC 5849 §3.1: oauth_version is optional, and "1.0" when present.
  if (params.oauth_version !== undefined && params.oauth_version !== "1.0") {
    throw new LaunchRefusal("oauth_version_unsupported", `oauth_version ${params.oauth_version.slice(0, 50)}.`);
  }
  if (params.lti_message_type !== "basic-lti-launch-request") {
    throw new LaunchRefusal("message_type_unsupported", `lti_message_type ${(params.lti_message_type ?? "(none)").slice(0, 100)}.`);
  }
  if (params.lti_version !== "LTI-1p0") {
    throw new LaunchRefusal("lti_version_unsupported", `lti_version ${(params.lti_version ?? "(none)").slice(0, 50)}.`);
  }
  if (params.oauth_nonce.length > MAX_NONCE_CHARS) throw new LaunchRefusal("malformed_request", "oauth_nonce is too long.");
  if (!/^\d{1,12}$/.test(params.oauth_timestamp)) throw new LaunchRefusal("malformed_request", "oauth_timestamp is not a number of seconds.");
  const timestamp = Number(params.oauth_timestamp);
  const skew = timestamp - Math.floor(now.getTime() / 1000);
  if (skew < -TIMESTAMP_WINDOW_S) throw new LaunchRefusal("oauth_timestamp_old", `oauth_timestamp is ${-skew} s old.`);
  if (skew > TIMESTAMP_WINDOW_S) throw new LaunchRefusal("oauth_timestamp_future", `oauth_timestamp is ${skew} s ahead.`);

  const consumer = await selectOptionalConsumerByKey({ consumerKey: params.oauth_consumer_key });
  if (!consumer) throw new LaunchRefusal("consumer_unknown", `Consumer key ${params.oauth_consumer_key.slice(0, 100)} is not registered.`);
  if (!consumer.platform.active) throw new LaunchRefusal("consumer_inactive", `Consumer key ${consumer.consumer.consumerKey} is deactivated.`);

  const secret = await decryptConsumerSecret({ iv: consumer.consumer.secretIv, data: consumer.consumer.secretData });
  const signature = params.oauth_signature;
  if (!isValidSignature({ method: "POST", url: launchUrl, params: all, consumerSecret: secret, signature })) {
    throw new LaunchRefusal("oauth_bad_signature", `The signature does not match a POST to ${launchUrl} signed with this key's secret.`);
  }
  // Kept until no request with this timestamp can pass the window check any more.
  const expiresAt = new Date((timestamp + TIMESTAMP_WINDOW_S + 1) * 1000);
  if (!(await consumeNonce({ consumerId: consumer.consumer.id, nonce: params.oauth_nonce, expiresAt, now }))) {
    throw new LaunchRefusal("oauth_nonce_reused", "This oauth_nonce was already used by this consumer.");
  }
  return { consumer, params, launchUrl };
}
