import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * OAuth 1.0a HMAC-SHA1 signatures (RFC 5849, https://www.rfc-editor.org/rfc/rfc5849), as LTI 1.1 uses them for
 * launches (consumer → Lantern) and Basic Outcomes calls (Lantern → consumer). Two-legged: there is never a token,
 * so the token secret is always empty. Parameters are a list of pairs, not a map: a name may repeat (§3.4.1.3.2).
 */

export type OAuthParam = readonly [name: string, value: string];

/** RFC 5849 §3.6: percent-encode everything but the unreserved set (ALPHA, DIGIT, "-", ".", "_", "~"), in UTF-8. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * RFC 5849 §3.4.1.2: the base string URI — scheme and host lower-cased, the port only when it is not the scheme's
 * default, the path as sent (at least "/"), no query and no fragment.
 */
export function baseStringUri(url: string | URL): string {
  const parsed = new URL(url);
  // WHATWG URL already lower-cases scheme and host and drops default ports (":80" for http, ":443" for https).
  return `${parsed.protocol}//${parsed.host}${parsed.pathname || "/"}`;
}

/**
 * RFC 5849 §3.4.1.3.2: encode every name and value, sort by name then value (byte order of the encoded strings),
 * and join as name=value pairs with "&". oauth_signature itself is never part of it.
 */
export function normalizeParameters(params: readonly OAuthParam[]): string {
  const encoded = params
    .filter(([name]) => name !== "oauth_signature")
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const);
  encoded.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return encoded.map(([name, value]) => `${name}=${value}`).join("&");
}

/** RFC 5849 §3.4.1.1: METHOD & base-string-URI & normalized-parameters, each percent-encoded. */
export function signatureBaseString(method: string, url: string | URL, params: readonly OAuthParam[]): string {
  return [method.toUpperCase(), baseStringUri(url), normalizeParameters(params)].map(percentEncode).join("&");
}

/** RFC 5849 §3.4.2: base64(HMAC-SHA1(key = encode(consumer secret) & encode(token secret), base string)). */
export function hmacSha1Signature(baseString: string, consumerSecret: string, tokenSecret = ""): string {
  return createHmac("sha1", `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`).update(baseString).digest("base64");
}

/**
 * The parameters a request is signed over (RFC 5849 §3.4.1.3.1): the query string, the Authorization header's
 * oauth_* parameters (not realm), and a form-urlencoded body — all of them, duplicates kept.
 */
export function requestParameters(url: string | URL, body: readonly OAuthParam[], authorization: readonly OAuthParam[]): OAuthParam[] {
  return [...new URL(url).searchParams, ...authorization.filter(([name]) => name !== "realm"), ...body];
}

/** Whether `signature` is the HMAC-SHA1 of the request, compared in constant time (RFC 5849 §4.6 timing attacks). */
export function isValidSignature(input: {
  method: string;
  url: string | URL;
  params: readonly OAuthParam[];
  consumerSecret: string;
  signature: string;
}): boolean {
  const expected = Buffer.from(hmacSha1Signature(signatureBaseString(input.method, input.url, input.params), input.consumerSecret));
  const given = Buffer.from(input.signature);
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time independent of where they differ.
  return given.length === expected.length ? timingSafeEqual(given, expected) : !timingSafeEqual(expected, expected);
}

/**
 * Parses an `Authorization: OAuth k="v", …` header (RFC 5849 §3.5.1) into decoded pairs; null when it is not an
 * OAuth header or is malformed.
 */
export function parseAuthorizationHeader(header: string | null): OAuthParam[] | null {
  const match = header?.match(/^\s*OAuth\s+(.*)$/is);
  if (!match) return null;
  const params: OAuthParam[] = [];
  const pair = /\s*([^=\s,]+)\s*=\s*"([^"]*)"\s*(?:,|$)/gy;
  let rest = match[1].trim();
  while (rest) {
    pair.lastIndex = 0;
    const found = pair.exec(rest);
    if (!found) return null;
    try {
      params.push([decodeURIComponent(found[1]), decodeURIComponent(found[2])]);
    } catch {
      return null;
    }
    rest = rest.slice(pair.lastIndex).trim();
  }
  return params;
}

/** OAuth body hash (https://oauth.net/core/1.0a/ extension "oauth_body_hash"): base64 SHA-1 of the raw body, not an HMAC. */
export function bodyHash(body: string | Buffer): string {
  return createHash("sha1").update(body).digest("base64");
}

/**
 * The Authorization header for a two-legged request Lantern sends (Basic Outcomes): oauth_* parameters including
 * oauth_body_hash, signed over them and the URL's query. `nonce`/`timestamp` are injectable for tests.
 */
export function signedAuthorizationHeader(input: {
  method: string;
  url: string;
  consumerKey: string;
  consumerSecret: string;
  body: string;
  nonce?: string;
  timestamp?: number;
}): string {
  const oauth: OAuthParam[] = [
    ["oauth_body_hash", bodyHash(input.body)],
    ["oauth_consumer_key", input.consumerKey],
    ["oauth_nonce", input.nonce ?? randomBytes(16).toString("hex")],
    ["oauth_signature_method", "HMAC-SHA1"],
    ["oauth_timestamp", String(input.timestamp ?? Math.floor(Date.now() / 1000))],
    ["oauth_version", "1.0"],
  ];
  const params = requestParameters(input.url, [], oauth);
  const signature = hmacSha1Signature(signatureBaseString(input.method, input.url, params), input.consumerSecret);
  return `OAuth ${[...oauth, ["oauth_signature", signature] as const].map(([k, v]) => `${percentEncode(k)}="${percentEncode(v)}"`).join(", ")}`;
}

/**
 * A consumer's side of a form launch (the dev LMS and tests): the parameters plus the oauth_* ones, signed over
 * them and the URL's query (RFC 5849 §3.5.2, form-encoded body).
 */
export function signFormParameters(input: {
  url: string;
  params: readonly OAuthParam[];
  consumerKey: string;
  consumerSecret: string;
  nonce?: string;
  timestamp?: number;
}): OAuthParam[] {
  const oauth: OAuthParam[] = [
    ["oauth_consumer_key", input.consumerKey],
    ["oauth_nonce", input.nonce ?? randomBytes(16).toString("hex")],
    ["oauth_signature_method", "HMAC-SHA1"],
    ["oauth_timestamp", String(input.timestamp ?? Math.floor(Date.now() / 1000))],
    ["oauth_version", "1.0"],
  ];
  const body = [...input.params, ...oauth];
  const signature = hmacSha1Signature(signatureBaseString("POST", input.url, requestParameters(input.url, body, [])), input.consumerSecret);
  return [...body, ["oauth_signature", signature]];
}
