import { createHash, createHmac } from "node:crypto";
import OAuth from "oauth-1.0a";
import { describe, expect, it } from "vitest";
import {
  baseStringUri,
  bodyHash,
  hmacSha1Signature,
  isValidSignature,
  normalizeParameters,
  parseAuthorizationHeader,
  percentEncode,
  requestParameters,
  signatureBaseString,
  signedAuthorizationHeader,
  type OAuthParam,
} from "./oauth1";

/** The oauth_* parameters of an oauth-1.0a result (its authorize() also merges the request data into it). */
function oauthOnly(signed: object): OAuthParam[] {
  return Object.entries(signed)
    .filter(([k]) => k.startsWith("oauth_") && k !== "oauth_signature")
    .map(([k, v]) => [k, String(v)] as const);
}

/** An independent signer: the maintained `oauth-1.0a` package (tests only). */
function independent(secret: string) {
  return new OAuth({
    consumer: { key: "lantern-test", secret },
    signature_method: "HMAC-SHA1",
    hash_function: (base, key) => createHmac("sha1", key).update(base).digest("base64"),
    body_hash_function: (body) => createHash("sha1").update(body).digest("base64"),
  });
}

describe("RFC 5849 §1.2 example", () => {
  // GET http://photos.example.net/photos?file=vacation.jpg&size=original, realm "Photos" (not signed).
  const params: OAuthParam[] = requestParameters(
    "http://photos.example.net/photos?file=vacation.jpg&size=original",
    [],
    [
      ["realm", "Photos"],
      ["oauth_consumer_key", "dpf43f3p2l4k3l03"],
      ["oauth_token", "nnch734d00sl2jdk"],
      ["oauth_signature_method", "HMAC-SHA1"],
      ["oauth_timestamp", "137131202"],
      ["oauth_nonce", "chapoH"],
    ],
  );

  it("reproduces the published signature byte for byte", () => {
    const base = signatureBaseString("GET", "http://photos.example.net/photos?file=vacation.jpg&size=original", params);
    expect(base).toBe(
      "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DchapoH%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131202%26oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal",
    );
    expect(hmacSha1Signature(base, "kd94hf93k423kf44", "pfkkdhi9sl3r4s00")).toBe("MdpQcU8iPSUjWoN/UDMsK2sui9I=");
  });

  it("a wrong secret gives another signature", () => {
    const base = signatureBaseString("GET", "http://photos.example.net/photos", params);
    expect(hmacSha1Signature(base, "kd94hf93k423kf45", "pfkkdhi9sl3r4s00")).not.toBe("MdpQcU8iPSUjWoN/UDMsK2sui9I=");
  });
});

describe("RFC 5849 §3.4.1 base string", () => {
  it("normalises the URI (§3.4.1.2): case of scheme and host, default ports, empty path, no query", () => {
    expect(baseStringUri("HTTP://EXAMPLE.com:80/r%20v/X?id=123")).toBe("http://example.com/r%20v/X");
    expect(baseStringUri("https://www.example.net:8080/?q=1")).toBe("https://www.example.net:8080/");
    expect(baseStringUri("https://lms.example:443")).toBe("https://lms.example/");
    expect(baseStringUri("http://lms.example:443/launch")).toBe("http://lms.example:443/launch");
  });

  it("sorts and encodes parameters with duplicates kept (§3.4.1.3.2 example)", () => {
    const params = requestParameters(
      "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
      [
        ["c2", ""],
        ["a3", "2 q"],
      ],
      [
        ["realm", "Example"],
        ["oauth_consumer_key", "9djdj82h48djs9d2"],
        ["oauth_token", "kkk9d7dh3k39sjv7"],
        ["oauth_signature_method", "HMAC-SHA1"],
        ["oauth_timestamp", "137131201"],
        ["oauth_nonce", "7d8f3e4a"],
        ["oauth_signature", "djosJKDKJSD8743243%2Fjdk33klY%3D"],
      ],
    );
    expect(normalizeParameters(params)).toBe(
      "a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7",
    );
  });

  it("percent-encodes per §3.6 (RFC 3986 unreserved only, UTF-8)", () => {
    expect(percentEncode("Ladies + Gentlemen")).toBe("Ladies%20%2B%20Gentlemen");
    expect(percentEncode("An encoded string!*'()~")).toBe("An%20encoded%20string%21%2A%27%28%29~");
    expect(percentEncode("☃")).toBe("%E2%98%83");
  });
});

describe("cross-check against oauth-1.0a", () => {
  const url = "https://lantern.example/lti/1.1/launch?from=query";
  const secret = "s3cr&t with spaces+plus";
  const form = {
    lti_message_type: "basic-lti-launch-request",
    lti_version: "LTI-1p0",
    resource_link_id: "link-1",
    user_id: "u 1+2",
    roles: "urn:lti:role:ims/lis/Learner,Instructor",
    lis_person_name_full: "Zoë O'Brien",
    ext_repeated: ["b", "a"],
  };

  it("verifies a launch the package signed (body and query parameters, a repeated name)", () => {
    // A copy: oauth-1.0a sorts (mutates) array values of the data it signs.
    const signed = independent(secret).authorize({ url, method: "POST", data: structuredClone(form) });
    const body: OAuthParam[] = [
      ...Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x] as const) : [[k, v] as const])),
      ...oauthOnly(signed),
    ];
    const params = requestParameters(url, body, []);
    expect(isValidSignature({ method: "POST", url, params, consumerSecret: secret, signature: signed.oauth_signature })).toBe(true);
    expect(isValidSignature({ method: "POST", url, params, consumerSecret: `${secret}x`, signature: signed.oauth_signature })).toBe(false);
    // Dropping one of the repeated values changes what was signed.
    const fewer = params.filter(([k, v]) => !(k === "ext_repeated" && v === "a"));
    expect(isValidSignature({ method: "POST", url, params: fewer, consumerSecret: secret, signature: signed.oauth_signature })).toBe(false);
  });

  it("signs a body-hashed request the package reproduces", () => {
    const body = "<?xml version=\"1.0\"?><imsx_POXEnvelopeRequest/>";
    const outcomeUrl = "https://lms.example/api/lti/outcomes?x=1";
    const header = signedAuthorizationHeader({
      method: "POST",
      url: outcomeUrl,
      consumerKey: "lantern-test",
      consumerSecret: secret,
      body,
      nonce: "n0nce",
      timestamp: 1_700_000_000,
    });
    const parsed = Object.fromEntries(parseAuthorizationHeader(header)!);
    expect(parsed.oauth_body_hash).toBe(bodyHash(body));
    const oauth = independent(secret);
    const expected = oauth.getSignature({ url: outcomeUrl, method: "POST", data: body, includeBodyHash: true }, "", {
      oauth_consumer_key: "lantern-test",
      oauth_nonce: "n0nce",
      oauth_signature_method: "HMAC-SHA1",
      oauth_timestamp: 1_700_000_000,
      oauth_version: "1.0",
      oauth_body_hash: oauth.getBodyHash({ url: outcomeUrl, method: "POST", data: body }, ""),
    });
    expect(parsed.oauth_signature).toBe(expected);
  });
});

describe("signature over a different URL is refused", () => {
  const secret = "secret";
  const sign = (signedUrl: string) => {
    const signed = independent(secret).authorize({ url: signedUrl, method: "POST", data: { a: "1" } });
    const params = requestParameters("https://lantern.example/lti/1.1/launch", [["a", "1"], ...oauthOnly(signed)], []);
    return isValidSignature({ method: "POST", url: "https://lantern.example/lti/1.1/launch", params, consumerSecret: secret, signature: signed.oauth_signature });
  };

  it("accepts the exact URL", () => expect(sign("https://lantern.example/lti/1.1/launch")).toBe(true));
  it("refuses http instead of https", () => expect(sign("http://lantern.example/lti/1.1/launch")).toBe(false));
  it("refuses a trailing slash", () => expect(sign("https://lantern.example/lti/1.1/launch/")).toBe(false));
  it("refuses an explicit non-default port", () => expect(sign("https://lantern.example:8443/lti/1.1/launch")).toBe(false));
  it("refuses a base string that kept the default port (RFC 5849 §3.4.1.2 says drop it)", () =>
    expect(sign("https://lantern.example:443/lti/1.1/launch")).toBe(false));
  it("accepts a conforming signer that addressed the default port (it normalises :443 away)", () => {
    const params: OAuthParam[] = [["a", "1"], ["oauth_nonce", "n"]];
    const signature = hmacSha1Signature(signatureBaseString("POST", "https://LANTERN.example:443/lti/1.1/launch", params), secret);
    expect(isValidSignature({ method: "POST", url: "https://lantern.example/lti/1.1/launch", params, consumerSecret: secret, signature })).toBe(true);
  });
  it("refuses another method", () => {
    const signed = independent(secret).authorize({ url: "https://lantern.example/x", method: "GET", data: {} });
    const params = requestParameters("https://lantern.example/x", oauthOnly(signed), []);
    expect(isValidSignature({ method: "POST", url: "https://lantern.example/x", params, consumerSecret: secret, signature: signed.oauth_signature })).toBe(false);
  });
});

describe("Authorization header", () => {
  it("parses quoted, percent-encoded pairs and refuses junk", () => {
    expect(parseAuthorizationHeader('OAuth realm="Photos", oauth_nonce="a%2Fb",oauth_version="1.0"')).toEqual([
      ["realm", "Photos"],
      ["oauth_nonce", "a/b"],
      ["oauth_version", "1.0"],
    ]);
    expect(parseAuthorizationHeader("Bearer abc")).toBeNull();
    expect(parseAuthorizationHeader('OAuth oauth_nonce=unquoted')).toBeNull();
    expect(parseAuthorizationHeader('OAuth oauth_nonce="%E0%A4%A"')).toBeNull();
  });
});
