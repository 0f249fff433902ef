import { z } from "zod";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { ensureDeployment, ensurePlatform } from "@/lib/models/lti-platforms";
import { escapeHtml, htmlPage } from "./html";
import type { FetchLike } from "./platform-keys";
import { CANVAS_CUSTOM_FIELDS, STANDARD_CUSTOM_FIELDS, TOOL_SCOPES, toolUrls } from "./tool-config";

const PLATFORM_CONFIG = "https://purl.imsglobal.org/spec/lti-platform-configuration";
const TOOL_CONFIG = "https://purl.imsglobal.org/spec/lti-tool-configuration";
const MAX_RESPONSE_BYTES = 64 * 1024;

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);

/** The platform's OpenID configuration (Dynamic Registration 1.0 §3.4, https://www.imsglobal.org/spec/lti-dr/v1p0#platform-configuration). */
const openidConfigurationSchema = z.object({
  issuer: httpUrl,
  authorization_endpoint: httpUrl,
  token_endpoint: httpUrl,
  jwks_uri: httpUrl,
  registration_endpoint: httpUrl,
  [PLATFORM_CONFIG]: z
    .object({ product_family_code: z.string().max(200).optional(), variables: z.array(z.string()).optional() })
    .optional(),
});

/** The registration response (§3.6): our client id and, for LTI, the deployment id. */
const registrationResponseSchema = z.object({
  client_id: z.string().min(1).max(255),
  [TOOL_CONFIG]: z.object({ deployment_id: z.string().min(1).max(255).optional() }).optional(),
});

export class RegistrationRefusal extends Error {}

async function readJson(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  if (!response.ok) throw new RegistrationRefusal(`${what} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  if (text.length > MAX_RESPONSE_BYTES) throw new RegistrationRefusal(`${what} is too large.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new RegistrationRefusal(`${what} is not JSON.`);
  }
}

function parseOrRefuse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new RegistrationRefusal(`${what}: ${issue.path.join(".") || "body"} ${issue.message}.`);
}

/** The client registration Lantern sends (§3.5, https://www.imsglobal.org/spec/lti-dr/v1p0#tool-configuration). */
export function clientRegistrationBody(variables: string[] = []) {
  const urls = toolUrls();
  const custom = variables.some((v) => v.startsWith("Canvas.")) ? CANVAS_CUSTOM_FIELDS : STANDARD_CUSTOM_FIELDS;
  return {
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
    "https://canvas.instructure.com/lti/privacy_level": "public",
    [TOOL_CONFIG]: {
      domain: urls.domain,
      target_link_uri: urls.launch,
      custom_parameters: custom,
      claims: ["iss", "sub", "name", "given_name", "family_name", "email"],
      messages: [
        { type: "LtiDeepLinkingRequest", target_link_uri: urls.launch, label: "Lantern", placements: ["assignment_selection", "link_selection"] },
        { type: "LtiResourceLinkRequest", target_link_uri: urls.launch, label: "Lantern", placements: ["course_navigation"] },
      ],
    },
  };
}

/**
 * Dynamic Registration initiation (https://www.imsglobal.org/spec/lti-dr/v1p0#registration-initiation-launch): read
 * the platform's configuration, register, store platform + deployment, then close the LMS dialog.
 */
export async function handleRegistration(req: Request, fetcher: FetchLike = (u, i) => fetch(u, i)): Promise<Response> {
  const query = new URL(req.url).searchParams;
  const configUrl = query.get("openid_configuration") ?? "";
  const registrationToken = query.get("registration_token") ?? undefined;
  try {
    const parsedUrl = httpUrl.safeParse(configUrl);
    if (!parsedUrl.success) throw new RegistrationRefusal("The openid_configuration parameter is not an http(s) URL.");
    if (env().APP_ENV === "production" && !configUrl.startsWith("https://")) {
      throw new RegistrationRefusal("The platform configuration must be served over https.");
    }
    const auth: Record<string, string> = registrationToken ? { authorization: `Bearer ${registrationToken}` } : {};
    const timeout = () => AbortSignal.timeout(10_000);
    const config = parseOrRefuse(
      openidConfigurationSchema,
      await readJson(await fetcher(configUrl, { headers: { accept: "application/json", ...auth }, signal: timeout() }), "The platform configuration"),
      "The platform configuration",
    );
    // §3.5.1 (https://www.imsglobal.org/spec/lti-dr/v1p0#issuer-and-openid-configuration-url-match): the issuer must
    // match the host the configuration was fetched from, or a rogue server could pose as a well-known LMS issuer.
    if (new URL(config.issuer).host !== new URL(configUrl).host) {
      throw new RegistrationRefusal(
        `The platform says its issuer is ${config.issuer}, but its configuration came from ${new URL(configUrl).host}.`,
      );
    }
    const platformConfig = config[PLATFORM_CONFIG];
    const registered = parseOrRefuse(
      registrationResponseSchema,
      await readJson(
        await fetcher(config.registration_endpoint, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json", ...auth },
          body: JSON.stringify(clientRegistrationBody(platformConfig?.variables)),
          signal: timeout(),
        }),
        "The platform's registration endpoint",
      ),
      "The registration response",
    );
    const platform = await ensurePlatform({
      values: {
        issuer: config.issuer,
        clientId: registered.client_id,
        name: platformConfig?.product_family_code ?? new URL(config.issuer).host,
        authLoginUrl: config.authorization_endpoint,
        authTokenUrl: config.token_endpoint,
        jwksUrl: config.jwks_uri,
        registeredVia: "dynamic",
        active: true,
      },
    });
    // ltijs ignores the deployment id here; we keep it, since launches with unknown deployments are refused.
    const deploymentId = registered[TOOL_CONFIG]?.deployment_id;
    if (deploymentId) await ensureDeployment({ platformId: platform.id, deploymentId });
    log.info("lti dynamic registration", { issuer: platform.issuer, clientId: platform.clientId, deploymentId });
    return closePage(
      deploymentId
        ? "Lantern is registered. You can close this window."
        : `Lantern is registered, but the LMS sent no deployment id: add it with "npm run lti:register -- --issuer ${platform.issuer} --client-id ${platform.clientId} --deployment <id>".`,
    );
  } catch (error) {
    const message = error instanceof RegistrationRefusal ? error.message : "The platform could not be reached.";
    log.warn("lti dynamic registration refused", { configUrl, reason: message, error: error instanceof RegistrationRefusal ? undefined : error });
    return htmlPage({
      title: "Registration failed — Lantern",
      status: 400,
      body: `<main><h1>Lantern could not be registered</h1><p>${escapeHtml(message)}</p>
<p>Reason code: <code>registration_refused</code>. Check the registration URL in the LMS, or register manually (see the installation guide).</p></main>`,
    });
  }
}

/** "Registration complete" page that asks the LMS to close its dialog (§3.7 org.imsglobal.lti.close). */
function closePage(message: string): Response {
  return htmlPage({
    title: "Registration complete — Lantern",
    body: `<main><h1>Registration complete</h1><p>${escapeHtml(message)}</p></main>`,
    script: `(window.opener||window.parent).postMessage({subject:"org.imsglobal.lti.close"},"*");`,
  });
}
