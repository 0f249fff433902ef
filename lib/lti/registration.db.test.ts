import { afterEach, describe, expect, it, vi } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { env } from "@/lib/env";
import { selectDeployments, selectOptionalPlatform, selectPlatformsByIssuer, updatePlatformActive } from "@/lib/models/lti-platforms";
import { selectLtijsDocuments } from "@/lib/models/ltijs-documents";
import { withLtijsHttp, type FetchLike } from "./ltijs-http";
import { handleRegistration } from "./registration";
import { ltijsRegistration } from "./registration-service";
import { canvasDeveloperKeyJson, CANVAS_CUSTOM_FIELDS, STANDARD_CUSTOM_FIELDS, TOOL_SCOPES, toolUrls } from "./tool-config";

withTestDatabase();

const TOOL_CONFIG = "https://purl.imsglobal.org/spec/lti-tool-configuration";
const PLATFORM_CONFIG = "https://purl.imsglobal.org/spec/lti-platform-configuration";

type Sent = { method: string; url: string; auth: string | null; body?: Record<string, unknown> };

/** A fake platform's configuration + registration endpoints, recording what Lantern sent. */
function fakePlatform(
  options: {
    host?: string;
    issuer?: string;
    deploymentId?: string | null;
    clientId?: string;
    variables?: string[];
    config?: (config: Record<string, unknown>) => unknown;
    configResponse?: () => Response;
    registrationResponse?: () => Response;
    jwks?: string;
  } = {},
) {
  const host = options.host ?? "moodle.test";
  const issuer = options.issuer ?? `https://${host}`;
  const deploymentId = options.deploymentId === undefined ? "7" : options.deploymentId;
  const sent: Sent[] = [];
  const fetcher: FetchLike = async (url, init) => {
    const headers = new Headers(init?.headers);
    sent.push({
      method: init?.method ?? "GET",
      url,
      auth: headers.get("authorization"),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    });
    if (url === `https://${host}/openid-configuration`) {
      if (options.configResponse) return options.configResponse();
      const config = {
        issuer,
        authorization_endpoint: `https://${host}/auth`,
        token_endpoint: `https://${host}/token`,
        jwks_uri: options.jwks ?? `https://${host}/certs`,
        registration_endpoint: `https://${host}/register`,
        claims_supported: ["iss", "sub", "aud", "nonce"],
        [PLATFORM_CONFIG]: { product_family_code: "moodle", variables: options.variables ?? [] },
      };
      return Response.json(options.config ? options.config(config) : config);
    }
    if (url === `https://${host}/register`) {
      if (options.registrationResponse) return options.registrationResponse();
      return Response.json({
        client_id: options.clientId ?? "moodle-client-1",
        [TOOL_CONFIG]: deploymentId ? { deployment_id: deploymentId } : {},
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
  const registrationBody = () => sent.find((s) => s.method === "POST")?.body;
  return { sent, start, issuer, fetcher, registrationBody };
}

async function refusal(response: Response): Promise<string> {
  expect(response.status).toBe(400);
  const html = await response.text();
  expect(html).toContain("registration_refused");
  return html;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("dynamic registration (through ltijs' DynamicRegistration)", () => {
  it("registers, stores platform and deployment, and closes the LMS dialog", async () => {
    const lms = fakePlatform();
    const response = await lms.start();
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<title>Registration complete · Lantern</title>");
    expect(html).toContain('postMessage({subject:"org.imsglobal.lti.close"}');
    const platform = await selectOptionalPlatform({ issuer: "https://moodle.test", clientId: "moodle-client-1" });
    expect(platform).toMatchObject({
      name: "moodle",
      authLoginUrl: "https://moodle.test/auth",
      authTokenUrl: "https://moodle.test/token",
      jwksUrl: "https://moodle.test/certs",
      registeredVia: "dynamic",
      active: true,
    });
    expect((await selectDeployments({ platformId: platform!.id })).map((d) => d.deploymentId)).toEqual(["7"]);
    // The registration token authorizes both requests (Canvas requires it on the configuration request too).
    expect(lms.sent.map((s) => `${s.method} ${s.url} ${s.auth}`)).toEqual([
      "GET https://moodle.test/openid-configuration Bearer reg-token",
      "POST https://moodle.test/register Bearer reg-token",
    ]);
  });

  it("sends the platform Lantern's registration, after ltijs' merge: every array once, nothing of ltijs' defaults mixed in", async () => {
    const lms = fakePlatform();
    expect((await lms.start()).status).toBe(200);
    const urls = toolUrls();
    expect(lms.registrationBody()).toEqual({
      application_type: "web",
      response_types: ["id_token"],
      grant_types: ["implicit", "client_credentials"],
      initiate_login_uri: urls.login,
      redirect_uris: [urls.launch],
      client_name: "Lantern",
      jwks_uri: urls.jwks,
      logo_uri: urls.logo,
      token_endpoint_auth_method: "private_key_jwt",
      scope: TOOL_SCOPES.join(" "),
      [TOOL_CONFIG]: {
        domain: urls.domain,
        description: canvasDeveloperKeyJson().description,
        target_link_uri: urls.launch,
        custom_parameters: STANDARD_CUSTOM_FIELDS,
        claims: ["iss", "sub", "name", "given_name", "family_name", "email"],
        // Inside the tool configuration, where Canvas reads it (doc/api/registration.md); beside it Canvas drops it.
        "https://canvas.instructure.com/lti/privacy_level": "public",
        "https://canvas.instructure.com/lti/tool_id": "lantern",
        messages: [
          { type: "LtiDeepLinkingRequest", target_link_uri: urls.launch, label: "Lantern", placements: ["assignment_selection", "link_selection"] },
          { type: "LtiResourceLinkRequest", target_link_uri: urls.launch, label: "Lantern", placements: ["course_navigation"] },
        ],
      },
    });
  });

  it("registers with Canvas Cloud as Canvas answers: sso.canvaslms.com endpoints, deployment_id beside client_id", async () => {
    // The shapes of Canvas's doc/api/registration.md and its DynamicRegistrationController: the configuration is
    // served at the issuer's host, the endpoints are on sso.canvaslms.com, and the response puts deployment_id at
    // the top level (its tool configuration echoes what Lantern sent, plus a registration_config_url).
    const lms = fakePlatform({
      host: "canvas.instructure.com",
      variables: ["Canvas.assignment.dueAt.iso8601", "Canvas.user.id"],
      config: (config) => ({
        ...config,
        authorization_endpoint: "https://sso.canvaslms.com/api/lti/authorize_redirect",
        token_endpoint: "https://sso.canvaslms.com/login/oauth2/token",
        jwks_uri: "https://sso.canvaslms.com/api/lti/security/jwks",
        authorization_server: "canvas.instructure.com",
        [PLATFORM_CONFIG]: { product_family_code: "canvas", version: "vCloud", variables: ["Canvas.assignment.dueAt.iso8601"], "https://canvas.instructure.com/lti/account_name": "Test University" },
      }),
      registrationResponse: () =>
        Response.json({
          client_id: "10000000000042",
          deployment_id: "123:8865aa05b4b79b64a91a86042e43af5ea8ae79eb",
          application_type: "web",
          scope: TOOL_SCOPES.join(" "),
          [TOOL_CONFIG]: { domain: "lantern.test", "https://canvas.instructure.com/lti/registration_config_url": "https://canvas.instructure.com/api/lti/registrations/1/view" },
        }),
    });
    expect((await lms.start()).status).toBe(200);
    const platform = await selectOptionalPlatform({ issuer: "https://canvas.instructure.com", clientId: "10000000000042" });
    expect(platform).toMatchObject({
      name: "canvas",
      authLoginUrl: "https://sso.canvaslms.com/api/lti/authorize_redirect",
      authTokenUrl: "https://sso.canvaslms.com/login/oauth2/token",
      jwksUrl: "https://sso.canvaslms.com/api/lti/security/jwks",
    });
    expect((await selectDeployments({ platformId: platform!.id })).map((d) => d.deploymentId)).toEqual(["123:8865aa05b4b79b64a91a86042e43af5ea8ae79eb"]);
    const config = lms.registrationBody()![TOOL_CONFIG] as Record<string, unknown>;
    expect(config["https://canvas.instructure.com/lti/privacy_level"]).toBe("public");
    expect(lms.registrationBody()).not.toHaveProperty(["https://canvas.instructure.com/lti/privacy_level"]);
    expect(config.custom_parameters).toEqual(CANVAS_CUSTOM_FIELDS);
  });

  it("asks a platform with Canvas variables for the Canvas date parameters", async () => {
    const lms = fakePlatform({ host: "canvas.test", variables: ["Canvas.assignment.dueAt.iso8601", "User.id"] });
    expect((await lms.start()).status).toBe(200);
    const config = lms.registrationBody()![TOOL_CONFIG] as { custom_parameters: Record<string, string> };
    expect(config.custom_parameters).toEqual(CANVAS_CUSTOM_FIELDS);
  });

  it("builds the same tool URLs as Lantern when ltijs uses its own defaults", async () => {
    const lms = fakePlatform({ host: "defaults.test" });
    class Stop extends Error {}
    const service = await ltijsRegistration(async () => {
      throw new Stop();
    });
    await expect(
      withLtijsHttp({ fetch: lms.fetcher }, () => service.register("https://defaults.test/openid-configuration", "t")),
    ).rejects.toBeInstanceOf(Stop);
    const body = lms.registrationBody()!;
    const config = body[TOOL_CONFIG] as Record<string, unknown>;
    const urls = toolUrls();
    expect([body.initiate_login_uri, body.redirect_uris, body.jwks_uri, body.logo_uri]).toEqual([
      urls.login,
      [urls.launch],
      urls.jwks,
      urls.logo,
    ]);
    expect([config.domain, config.target_link_uri]).toEqual([urls.domain, urls.launch]);
  });

  it("updates the platform when the same issuer and client id register again", async () => {
    expect((await fakePlatform({ host: "again.test" }).start()).status).toBe(200);
    const second = fakePlatform({ host: "again.test", deploymentId: "8", jwks: "https://again.test/certs-2" });
    expect((await second.start()).status).toBe(200);
    const [platform, ...others] = await selectPlatformsByIssuer({ issuer: "https://again.test" });
    expect(others).toEqual([]);
    expect(platform).toMatchObject({ clientId: "moodle-client-1", name: "moodle", jwksUrl: "https://again.test/certs-2" });
    expect((await selectDeployments({ platformId: platform.id })).map((d) => d.deploymentId).sort()).toEqual(["7", "8"]);
  });

  it("activates through Lantern's registry, not ltijs' platformStatus collection", async () => {
    expect((await fakePlatform({ host: "status.test" }).start()).status).toBe(200);
    const platform = (await selectOptionalPlatform({ issuer: "https://status.test", clientId: "moodle-client-1" }))!;
    await updatePlatformActive({ platformId: platform.id, active: false });
    expect((await fakePlatform({ host: "status.test" }).start()).status).toBe(200);
    expect((await selectOptionalPlatform({ issuer: "https://status.test", clientId: "moodle-client-1" }))!.active).toBe(true);
    expect(await selectLtijsDocuments({ collection: "platformStatus" })).toEqual([]);
    expect(await selectLtijsDocuments({ collection: "platform" })).toEqual([]);
  });

  it("says what to do when the platform sends no deployment id", async () => {
    const lms = fakePlatform({ host: "nodeploy.test", deploymentId: null });
    const response = await lms.start();
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("npm run lti:register");
  });

  it("stores the deployment Canvas returns at the top level of its registration response", async () => {
    // The shape Canvas answers (https://canvas.instructure.com/doc/api/file.registration.html): the registration
    // echoed back, client_id and deployment_id beside it, no deployment_id in the tool configuration.
    let sentBody: Record<string, unknown> = {};
    const lms = fakePlatform({
      host: "canvas.test",
      registrationResponse: () =>
        Response.json({
          ...sentBody,
          client_id: "10000000000042",
          deployment_id: "42:8865aa05b4b79b64a91a86042e43af5ea8ae79eb",
          "https://canvas.instructure.com/lti/registration_config_url": "https://canvas.test/api/lti/registrations/42/view",
          [TOOL_CONFIG]: { ...(sentBody[TOOL_CONFIG] as object), deployment_id: null },
        }),
    });
    const fetcher = lms.fetcher;
    const recording: FetchLike = async (url, init) => {
      if (init?.method === "POST") sentBody = JSON.parse(String(init.body));
      return fetcher(url, init);
    };
    const response = await handleRegistration(
      new Request(`${env().APP_URL}/lti/register?openid_configuration=${encodeURIComponent("https://canvas.test/openid-configuration")}&registration_token=t`),
      recording,
    );
    expect(await response.text()).toContain("Lantern is registered. You can close this window.");
    const platform = await selectOptionalPlatform({ issuer: "https://canvas.test", clientId: "10000000000042" });
    expect((await selectDeployments({ platformId: platform!.id })).map((d) => d.deploymentId)).toEqual([
      "42:8865aa05b4b79b64a91a86042e43af5ea8ae79eb",
    ]);
  });

  it("prefers the tool configuration's deployment id, and accepts a numeric one", async () => {
    const lms = fakePlatform({
      host: "numeric.test",
      registrationResponse: () => Response.json({ client_id: "c-9", deployment_id: "ignored", [TOOL_CONFIG]: { deployment_id: 9 } }),
    });
    expect((await lms.start()).status).toBe(200);
    const platform = await selectOptionalPlatform({ issuer: "https://numeric.test", clientId: "c-9" });
    expect((await selectDeployments({ platformId: platform!.id })).map((d) => d.deploymentId)).toEqual(["9"]);
  });

  it("never logs the registration token", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(String(line)));
    vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(String(line)));
    await fakePlatform({ host: "quiet.test" }).start("secret-reg-token");
    await fakePlatform({ host: "quiet2.test", configResponse: () => new Response("down", { status: 503 }) }).start("secret-reg-token");
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain("secret-reg-token");
  });
});

describe("dynamic registration refusals", () => {
  it("refuses a configuration whose issuer does not match where it was fetched from, and stores nothing", async () => {
    const lms = fakePlatform({ host: "rogue.test", issuer: "https://canvas.instructure.com" });
    const html = await refusal(await lms.start());
    expect(html).toContain("but its configuration came from rogue.test");
    expect(lms.sent).toHaveLength(1); // never registered
    // (The Canvas Cloud test above registers the real issuer with another client id.)
    expect((await selectPlatformsByIssuer({ issuer: "https://canvas.instructure.com" })).filter((p) => p.clientId === "moodle-client-1")).toEqual([]);
  });

  it("explains a configuration URL that answers 404", async () => {
    const lms = fakePlatform({ host: "gone.test", configResponse: () => new Response("Not Found", { status: 404 }) });
    const html = await refusal(await lms.start());
    expect(html).toContain("The platform configuration answered HTTP 404.");
    expect(html).not.toContain("Not Found"); // a raw body is logged, never shown (the URL comes from the request)
    expect(lms.sent).toHaveLength(1);
  });

  it.each([
    ["a configuration without jwks_uri", { config: ({ jwks_uri: _, ...rest }: Record<string, unknown>) => rest }, "jwks_uri"],
    ["a configuration that is not JSON", { configResponse: () => new Response("<html>login</html>") }, "is not JSON"],
    ["a non-http authorization endpoint", { config: (c: Record<string, unknown>) => ({ ...c, authorization_endpoint: "ftp://x" }) }, "authorization_endpoint"],
  ])("refuses %s before registering", async (_name, options, reason) => {
    const lms = fakePlatform({ host: "broken.test", ...options });
    expect(await refusal(await lms.start())).toContain(reason);
    expect(lms.sent).toHaveLength(1);
    expect(await selectPlatformsByIssuer({ issuer: "https://broken.test" })).toEqual([]);
  });

  it("explains a registration the platform rejects, and stores nothing", async () => {
    const lms = fakePlatform({
      host: "picky.test",
      registrationResponse: () => Response.json({ error: "invalid_redirect_uri" }, { status: 400 }),
    });
    expect(await refusal(await lms.start())).toContain("The platform&#39;s registration endpoint answered HTTP 400: invalid_redirect_uri");
    expect(await selectPlatformsByIssuer({ issuer: "https://picky.test" })).toEqual([]);
  });

  it("refuses a registration response without a client id", async () => {
    const lms = fakePlatform({ host: "noclient.test", registrationResponse: () => Response.json({ scope: "" }) });
    expect(await refusal(await lms.start())).toContain("client_id");
    expect(await selectPlatformsByIssuer({ issuer: "https://noclient.test" })).toEqual([]);
  });

  it("explains a platform that cannot be reached", async () => {
    const response = await handleRegistration(
      new Request(`${env().APP_URL}/lti/register?openid_configuration=${encodeURIComponent("https://down.test/config")}`),
      async () => {
        throw new TypeError("fetch failed");
      },
    );
    expect(await refusal(response)).toContain("The platform configuration could not be reached.");
  });

  it("refuses a missing or non-http openid_configuration", async () => {
    await refusal(await handleRegistration(new Request(`${env().APP_URL}/lti/register?openid_configuration=javascript:alert(1)`)));
    await refusal(await handleRegistration(new Request(`${env().APP_URL}/lti/register`)));
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
