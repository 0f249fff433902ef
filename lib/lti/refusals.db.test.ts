import { generateKeyPair, SignJWT } from "jose";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { env } from "@/lib/env";
import { ensurePlatform, updatePlatformActive } from "@/lib/models/lti-platforms";
import { CLAIM } from "./claims";
import { handleLaunch } from "./launch";
import { handleLogin } from "./login";
import { getLtijs } from "./ltijs";
import { setPlatformKeyFetch } from "./platform-keys";
import { createTestPlatform, refusalReason, type TestPlatform } from "./testing/test-platform";

withTestDatabase();

let lms: TestPlatform;
beforeAll(async () => {
  lms = await createTestPlatform();
});

/** `detail` pins which check refused (ltijs, jsonwebtoken or Lantern's own) where several can give one reason. */
async function expectRefused(response: Response, reason: string, detail?: RegExp) {
  expect(response.headers.get("content-type")).toContain("text/html");
  const html = await response.clone().text();
  expect(html).toContain("This launch could not be verified:");
  expect(html).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
  expect(await refusalReason(response)).toBe(reason);
  expect(response.status).toBeGreaterThanOrEqual(400);
  if (detail) expect(html).toMatch(detail);
}

afterEach(() => {
  vi.restoreAllMocks();
});

function platformValues() {
  const { issuer, clientId, name, authLoginUrl, authTokenUrl, jwksUrl } = lms.platform;
  return { issuer, clientId, name, authLoginUrl, authTokenUrl, jwksUrl, registeredVia: "manual" as const, active: true };
}

/** Login, then launch with claims changed by `overrides`. */
async function launchWith(overrides: Record<string, unknown>, opts: { kid?: string } = {}) {
  const l = await lms.login();
  const token = await lms.sign(lms.claims(l.nonce, overrides), opts);
  return lms.launch({ id_token: token, state: l.state }, l.cookie);
}

describe("login initiation refusals", () => {
  it("refuses an unknown platform (unknown_platform)", async () => {
    const q = new URLSearchParams({ iss: "https://evil.test", login_hint: "x", target_link_uri: `${env().APP_URL}/lti/launch` });
    await expectRefused(await handleLogin(new Request(`${env().APP_URL}/lti/login?${q}`)), "unknown_platform");
  });

  it("refuses a login without login_hint (malformed_request)", async () => {
    const q = new URLSearchParams({ iss: lms.issuer, target_link_uri: `${env().APP_URL}/lti/launch` });
    await expectRefused(await handleLogin(new Request(`${env().APP_URL}/lti/login?${q}`)), "malformed_request");
  });

  it("refuses a target_link_uri outside Lantern (bad_target)", async () => {
    const { response } = await lms.login({ target_link_uri: "https://evil.test/phish" });
    await expectRefused(response, "bad_target");
  });

  it("refuses an unregistered lti_deployment_id at login (deployment_unknown)", async () => {
    const { response } = await lms.login({ lti_deployment_id: "rogue-deployment" });
    await expectRefused(response, "deployment_unknown");
    expect((await lms.login({ lti_deployment_id: lms.deploymentId })).response.status).toBe(302);
  });

  it("refuses an inactive platform (platform_inactive)", async () => {
    const other = await ensurePlatform({
      values: { ...platformValues(), clientId: "inactive-client", active: false },
    });
    await updatePlatformActive({ platformId: other.id, active: false });
    const { response } = await lms.login({ client_id: "inactive-client" });
    await expectRefused(response, "platform_inactive");
  });
});

describe("launch refusals", () => {
  it("refuses an oversized body before reading it (request_too_large)", async () => {
    const body = "id_token=" + "a".repeat(70 * 1024);
    const response = await handleLaunch(
      new Request(`${env().APP_URL}/lti/launch`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      }),
    );
    await expectRefused(response, "request_too_large");
  });

  it("refuses an oversized id_token (token_too_large)", async () => {
    const l = await lms.login();
    await expectRefused(await lms.launch({ id_token: "a".repeat(40 * 1024), state: l.state }, l.cookie), "token_too_large");
  });

  it("refuses a launch without id_token (malformed_request)", async () => {
    await expectRefused(await lms.launch({ state: "x" }), "malformed_request");
  });

  it("reports an OIDC error response from the platform (platform_error)", async () => {
    await expectRefused(await lms.launch({ error: "login_required", error_description: "no session" }), "platform_error");
  });

  it("refuses a token that is not a JWS (malformed_token)", async () => {
    const l = await lms.login();
    await expectRefused(await lms.launch({ id_token: "not-a-jwt", state: l.state }, l.cookie), "malformed_token");
  });

  it("refuses alg none / HS256 (unsupported_algorithm)", async () => {
    const l = await lms.login();
    const token = await new SignJWT(lms.claims(l.nonce))
      .setProtectedHeader({ alg: "HS256", kid: "platform-key-1" })
      .sign(new TextEncoder().encode("a-shared-secret-that-is-long-enough"));
    await expectRefused(await lms.launch({ id_token: token, state: l.state }, l.cookie), "unsupported_algorithm");
  });

  it("refuses an unknown state (state_unknown)", async () => {
    const l = await lms.login();
    const token = await lms.sign(lms.claims(l.nonce));
    await expectRefused(await lms.launch({ id_token: token, state: "forged-state" }, l.cookie), "state_unknown");
  });

  it("refuses a replayed launch: state and nonce are single-use (state_unknown)", async () => {
    const l = await lms.login();
    const token = await lms.sign(lms.claims(l.nonce));
    const first = await lms.launch({ id_token: token, state: l.state }, l.cookie);
    expect(first.status).toBe(303);
    await expectRefused(await lms.launch({ id_token: token, state: l.state }, l.cookie), "state_unknown");
  });

  it("refuses a launch from a browser without the state cookie (state_not_bound)", async () => {
    const l = await lms.login();
    const token = await lms.sign(lms.claims(l.nonce));
    const response = await lms.launch({ id_token: token, state: l.state });
    const html = await response.clone().text();
    expect(html).toContain("Open Lantern in a new window");
    await expectRefused(response, "state_not_bound");
  });

  it("refuses a state cookie from another login (state_not_bound)", async () => {
    const a = await lms.login();
    const b = await lms.login();
    const token = await lms.sign(lms.claims(a.nonce));
    const forgedCookie = `${a.cookie.split("=")[0]}=${b.cookie.split("=")[1]}`;
    await expectRefused(await lms.launch({ id_token: token, state: a.state }, forgedCookie), "state_not_bound");
  });

  it("refuses a wrong platform-storage binding (state_not_bound)", async () => {
    const l = await lms.login({ lti_storage_target: "_parent" });
    const token = await lms.sign(lms.claims(l.nonce));
    await expectRefused(await lms.launch({ id_token: token, state: l.state, lti_storage_binding: "guess" }), "state_not_bound");
  });

  it("refuses a signature by a key the platform does not publish (unknown_key)", async () => {
    await expectRefused(await launchWith({}, { kid: "no-such-kid" }), "unknown_key");
  });

  it("refuses a bad signature (bad_signature)", async () => {
    const l = await lms.login();
    const { privateKey } = await generateKeyPair("RS256");
    const token = await lms.sign(lms.claims(l.nonce), { key: privateKey });
    await expectRefused(await lms.launch({ id_token: token, state: l.state }, l.cookie), "bad_signature");
  });

  it("refuses a token from another issuer (issuer_mismatch)", async () => {
    await expectRefused(await launchWith({ iss: "https://other-lms.test" }), "issuer_mismatch");
  });

  it("refuses a token for another client (audience_mismatch)", async () => {
    await expectRefused(await launchWith({ aud: "someone-else" }), "audience_mismatch");
  });

  it("refuses several audiences without azp = our client id (azp_mismatch)", async () => {
    await expectRefused(await launchWith({ aud: [lms.clientId, "other"] }), "azp_mismatch");
    await expectRefused(await launchWith({ aud: [lms.clientId, "other"], azp: "other" }), "azp_mismatch");
  });

  it("accepts several audiences with azp = our client id", async () => {
    expect((await launchWith({ aud: [lms.clientId, "other"], azp: lms.clientId })).status).toBe(303);
  });

  it("refuses an expired token (token_expired)", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await launchWith({ exp: now - 120, iat: now - 60 }), "token_expired", /exp \d+ has passed/);
  });

  // jsonwebtoken checks exp and nbf inside ltijs with no clock tolerance (ltijs passes none): an accepted tightening
  // from the 30 s leeway Lantern's own check gave. iat keeps the leeway (Lantern checks it).
  it("refuses a token expired a few seconds ago: exp has no leeway (token_expired)", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await launchWith({ exp: now - 5, iat: now - 20 }), "token_expired", /no leeway/);
  });

  it("refuses a token not valid before a future nbf (token_from_future)", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await launchWith({ nbf: now + 60 }), "token_from_future", /nbf \d+ is in the future/);
  });

  it("refuses an exp that is not a number (claims_invalid)", async () => {
    await expectRefused(await launchWith({ exp: "tomorrow" }), "claims_invalid", /invalid exp value/);
  });

  it("accepts a past nbf, an exp close ahead, and an iat a little ahead (within the iat leeway)", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await launchWith({ nbf: now - 5, exp: now + 20, iat: now + 10 })).status).toBe(303);
  });

  it("refuses a token issued too long ago (token_too_old)", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await launchWith({ iat: now - 600, exp: now + 300 }), "token_too_old");
  });

  it("refuses a token issued in the future (token_from_future)", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await launchWith({ iat: now + 300, exp: now + 600 }), "token_from_future", /iat is \d+ s ahead/);
  });

  it("refuses a nonce Lantern did not issue (nonce_mismatch)", async () => {
    await expectRefused(await launchWith({ nonce: "attacker-chosen-nonce" }), "nonce_mismatch");
  });

  it("refuses a nonce from another login (nonce_mismatch)", async () => {
    const other = await lms.login();
    await expectRefused(await launchWith({ nonce: other.nonce }), "nonce_mismatch");
  });

  // Replay protection is the login's: its nonce must match and the login is consumed atomically (verify.ts,
  // NONCE_CHECKED_BY_LOGIN_STATE). ltijs' nonce store is not consulted.
  it("refuses a nonce an earlier completed launch used, presented with a fresh login (nonce_mismatch)", async () => {
    const first = await lms.login();
    const second = await lms.login();
    expect((await lms.launch({ id_token: await lms.sign(lms.claims(first.nonce)), state: first.state }, first.cookie)).status).toBe(303);
    const replay = await lms.sign(lms.claims(first.nonce, { sub: "user-replayed" }));
    await expectRefused(await lms.launch({ id_token: replay, state: second.state }, second.cookie), "nonce_mismatch");
  });

  it("lets exactly one of two concurrent launches of the same login through, and answers no 500", async () => {
    const l = await lms.login();
    const token = await lms.sign(lms.claims(l.nonce));
    const responses = await Promise.all([
      lms.launch({ id_token: token, state: l.state }, l.cookie),
      lms.launch({ id_token: token, state: l.state }, l.cookie),
    ]);
    const reasons = await Promise.all(responses.map((r) => (r.status === 303 ? "ok" : refusalReason(r))));
    expect(reasons.sort()).toEqual(["ok", "state_unknown"]);
  });

  it("refuses the second of two concurrent launches carrying one login's nonce with another login (nonce_mismatch)", async () => {
    const a = await lms.login();
    const b = await lms.login();
    const responses = await Promise.all([
      lms.launch({ id_token: await lms.sign(lms.claims(a.nonce)), state: a.state }, a.cookie),
      lms.launch({ id_token: await lms.sign(lms.claims(a.nonce)), state: b.state }, b.cookie),
    ]);
    const reasons = await Promise.all(responses.map((r) => (r.status === 303 ? "ok" : refusalReason(r))));
    expect(reasons).toEqual(["ok", "nonce_mismatch"]);
  });

  it("validates the token without ltijs' database (no nonce lookup or insert)", async () => {
    const { plugin } = await getLtijs();
    const get = vi.spyOn(plugin, "Get");
    const insert = vi.spyOn(plugin, "Insert");
    const l = await lms.login();
    expect((await lms.launch({ id_token: await lms.sign(lms.claims(l.nonce)), state: l.state }, l.cookie)).status).toBe(303);
    expect(get.mock.calls.filter(([, collection]) => collection === "nonce")).toEqual([]);
    expect(insert.mock.calls.filter(([, collection]) => collection === "nonce")).toEqual([]);
  });

  it("does not turn a failure unrelated to the token into a refusal", async () => {
    const { Platform } = await getLtijs();
    vi.spyOn(Platform.prototype as { platformClientId(): Promise<string> }, "platformClientId").mockRejectedValue(new Error("database unavailable"));
    const l = await lms.login();
    await expect(lms.launch({ id_token: await lms.sign(lms.claims(l.nonce)), state: l.state }, l.cookie)).rejects.toThrow("database unavailable");
  });

  it("refuses LTI versions other than 1.3.0 (version_unsupported)", async () => {
    await expectRefused(await launchWith({ [CLAIM.version]: "1.1" }), "version_unsupported");
  });

  it("refuses unsupported message types (message_type_unsupported)", async () => {
    await expectRefused(await launchWith({ [CLAIM.messageType]: "LtiSubmissionReviewRequest" }), "message_type_unsupported");
  });

  it("refuses a target_link_uri claim naming another site, although the login named Lantern (bad_target)", async () => {
    await expectRefused(await launchWith({ [CLAIM.targetLinkUri]: "https://evil.test/lti/launch" }), "bad_target", /evil\.test/);
  });

  it("refuses a target_link_uri claim that is not the login's target (target_mismatch)", async () => {
    const claimed = `${env().APP_URL}/lti/launch?placement=course_navigation`;
    await expectRefused(await launchWith({ [CLAIM.targetLinkUri]: claimed }), "target_mismatch");
  });

  it("accepts a target_link_uri claim equal to the login's up to URL normalisation", async () => {
    const app = new URL(env().APP_URL);
    const claimed = `${app.protocol}//${app.host.toUpperCase()}/lti/./launch`;
    expect((await launchWith({ [CLAIM.targetLinkUri]: claimed })).status).toBe(303);
  });

  it("refuses an unregistered deployment id (deployment_unknown)", async () => {
    await expectRefused(await launchWith({ [CLAIM.deploymentId]: "rogue-deployment" }), "deployment_unknown");
  });

  it.each([
    ["sub", { sub: undefined }],
    ["roles", { [CLAIM.roles]: undefined }],
    ["deployment_id", { [CLAIM.deploymentId]: undefined }],
    ["resource_link", { [CLAIM.resourceLink]: undefined }],
    ["target_link_uri", { [CLAIM.targetLinkUri]: undefined }],
    ["context", { [CLAIM.context]: undefined }],
    ["exp", { exp: undefined }],
    ["iat", { iat: undefined }],
    ["nonce", { nonce: undefined }],
  ])("refuses a launch without %s (claims_missing)", async (_name, overrides) => {
    await expectRefused(await launchWith(overrides), "claims_missing");
  });

  it("refuses a deep-linking request without its settings (claims_missing)", async () => {
    await expectRefused(await launchWith({ [CLAIM.messageType]: "LtiDeepLinkingRequest" }), "claims_missing");
  });

  it("refuses claims of the wrong shape (claims_invalid)", async () => {
    await expectRefused(await launchWith({ [CLAIM.roles]: "Learner" }), "claims_invalid");
  });

  it("refuses a deep-linking request from a student (role_not_allowed)", async () => {
    const settings = { deep_link_return_url: "https://lms.test/dl", accept_types: ["ltiResourceLink"] };
    await expectRefused(
      await launchWith({ [CLAIM.messageType]: "LtiDeepLinkingRequest", [CLAIM.deepLinkingSettings]: settings }),
      "role_not_allowed",
    );
  });

  it("refuses when the platform keyset cannot be fetched (jwks_unavailable)", async () => {
    const broken = await createTestPlatform({ issuer: "https://broken-lms.test", clientId: "c2" });
    await ensurePlatform({
      values: { ...platformValues(), issuer: broken.issuer, clientId: "c2", jwksUrl: "https://broken-lms.test/missing" },
    });
    const l = await broken.login();
    const token = await broken.sign(broken.claims(l.nonce));
    await expectRefused(await broken.launch({ id_token: token, state: l.state }, l.cookie), "jwks_unavailable");
    lms = await createTestPlatform(); // restore the default platform's key fetcher
  });
});

describe("platform keys", () => {
  // ltijs 5.9.9 fetches the JWKS on every launch (Auth.js l.112); Lantern hands it a PEM from its own cache.
  it("fetches the keyset once across several launches, and a repeated forged kid cannot force refetches", async () => {
    const cached = await createTestPlatform({ issuer: "https://cached-lms.test", clientId: "cached" });
    let fetches = 0;
    setPlatformKeyFetch(async () => {
      fetches++;
      return Response.json({ keys: cached.keys.map((k) => k.publicJwk) });
    });
    for (let i = 0; i < 4; i++) expect((await cached.fullLaunch()).status).toBe(303);
    expect(fetches).toBe(1);
    for (let i = 0; i < 3; i++) {
      const l = await cached.login();
      const token = await cached.sign(cached.claims(l.nonce), { kid: "forged" });
      await expectRefused(await cached.launch({ id_token: token, state: l.state }, l.cookie), "unknown_key");
    }
    expect(fetches).toBe(2); // one refetch for the forged kid, then refused from cache
    await cached.rotate("rotated-key"); // a genuine rotation right after is still found
    expect((await cached.fullLaunch()).status).toBe(303);
    expect(fetches).toBe(3);
    lms = await createTestPlatform(); // restore the default platform's key fetcher
  });
});
