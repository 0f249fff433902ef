import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { env } from "@/lib/env";
import { selectDeployments, selectOptionalPlatform } from "@/lib/models/lti-platforms";
import type { FetchLike } from "./platform-keys";
import { handleRegistration } from "./registration";
import { canvasDeveloperKeyJson } from "./tool-config";

withTestDatabase();

/** A fake platform's configuration + registration endpoints, recording what Lantern sent. */
function fakePlatform(options: { host?: string; issuer?: string; deploymentId?: string | null } = {}) {
  const host = options.host ?? "moodle.test";
  const issuer = options.issuer ?? `https://${host}`;
  const deploymentId = options.deploymentId === undefined ? "7" : options.deploymentId;
  const sent: { url: string; auth: string | null; body?: Record<string, unknown> }[] = [];
  const fetcher: FetchLike = async (url, init) => {
    const headers = new Headers(init?.headers);
    sent.push({ url, auth: headers.get("authorization"), body: init?.body ? JSON.parse(String(init.body)) : undefined });
    if (url === `https://${host}/openid-configuration`) {
      return Response.json({
        issuer,
        authorization_endpoint: `https://${host}/auth`,
        token_endpoint: `https://${host}/token`,
        jwks_uri: `https://${host}/certs`,
        registration_endpoint: `https://${host}/register`,
        "https://purl.imsglobal.org/spec/lti-platform-configuration": { product_family_code: "moodle", variables: [] },
      });
    }
    if (url === `https://${host}/register`) {
      return Response.json({
        client_id: "moodle-client-1",
        "https://purl.imsglobal.org/spec/lti-tool-configuration": deploymentId ? { deployment_id: deploymentId } : {},
      });
    }
    return new Response("nope", { status: 404 });
  };
  const start = (token = "reg-token") =>
    handleRegistration(
      new Request(
        `${env().APP_URL}/lti/register?openid_configuration=${encodeURIComponent(`https://${host}/openid-configuration`)}&registration_token=${token}`,
      ),
      fetcher,
    );
  return { sent, start, issuer };
}

describe("dynamic registration", () => {
  it("registers, stores platform and deployment, and closes the LMS dialog", async () => {
    const lms = fakePlatform();
    const response = await lms.start();
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('postMessage({subject:"org.imsglobal.lti.close"}');
    const platform = await selectOptionalPlatform({ issuer: "https://moodle.test", clientId: "moodle-client-1" });
    expect(platform).toMatchObject({ authLoginUrl: "https://moodle.test/auth", jwksUrl: "https://moodle.test/certs", registeredVia: "dynamic" });
    expect((await selectDeployments({ platformId: platform!.id })).map((d) => d.deploymentId)).toEqual(["7"]);
    expect(lms.sent.map((s) => s.auth)).toEqual(["Bearer reg-token", "Bearer reg-token"]);
    const body = lms.sent[1].body!;
    expect(body.redirect_uris).toEqual([`${env().APP_URL}/lti/launch`]);
    expect(body.initiate_login_uri).toBe(`${env().APP_URL}/lti/login`);
    expect(body.jwks_uri).toBe(`${env().APP_URL}/lti/jwks`);
    expect(String(body.scope)).toContain("https://purl.imsglobal.org/spec/lti-ags/scope/score");
    const messages = (body["https://purl.imsglobal.org/spec/lti-tool-configuration"] as { messages: { type: string }[] }).messages;
    expect(messages.map((m) => m.type)).toEqual(["LtiDeepLinkingRequest", "LtiResourceLinkRequest"]);
  });

  it("refuses a configuration whose issuer does not match where it was fetched from", async () => {
    const lms = fakePlatform({ host: "rogue.test", issuer: "https://canvas.instructure.com" });
    const response = await lms.start();
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("registration_refused");
    expect(lms.sent).toHaveLength(1); // never registered
    expect(await selectOptionalPlatform({ issuer: "https://canvas.instructure.com", clientId: "moodle-client-1" })).toBeNull();
  });

  it("says what to do when the platform sends no deployment id", async () => {
    const lms = fakePlatform({ host: "nodeploy.test", deploymentId: null });
    const html = await (await lms.start()).text();
    expect(html).toContain("npm run lti:register");
  });

  it("refuses a missing or non-http openid_configuration", async () => {
    const response = await handleRegistration(new Request(`${env().APP_URL}/lti/register?openid_configuration=javascript:alert(1)`));
    expect(response.status).toBe(400);
  });
});

describe("Canvas developer-key JSON", () => {
  it("points Canvas at Lantern's login, launch and keyset URLs with the three placements", () => {
    const json = canvasDeveloperKeyJson();
    expect(json.oidc_initiation_url).toBe(`${env().APP_URL}/lti/login`);
    expect(json.target_link_uri).toBe(`${env().APP_URL}/lti/launch`);
    expect(json.public_jwk_url).toBe(`${env().APP_URL}/lti/jwks`);
    expect(json.extensions[0].settings.placements.map((p) => `${p.placement}:${p.message_type}`)).toEqual([
      "course_navigation:LtiResourceLinkRequest",
      "assignment_selection:LtiDeepLinkingRequest",
      "link_selection:LtiDeepLinkingRequest",
    ]);
  });
});
