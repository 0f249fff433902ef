import type { LtijsPlatform, LtijsPlatformInput } from "ltijs";
import { z } from "zod";
import { env } from "@/lib/env";
import { systemAuthz } from "@/lib/auth/authz";
import { log } from "@/lib/log";
import { insertAuditEvent } from "@/lib/models/audit-log";
import { ensureDeployment, ensurePlatform, type LtiPlatform } from "@/lib/models/lti-platforms";
import { escapeHtml, htmlPage, scriptPage } from "./html";
import { LtijsHttpError, LtijsRequestError, withLtijsHttp, type FetchLike, type LtijsHttpResponse } from "./ltijs-http";
import { ltijsPlatform } from "./ltijs-registry";
import { isPublicUrl } from "./public-address";
import { clearRegistryCache } from "./registry-cache";
import { ltijsRegistration } from "./registration-service";
import { clientRegistrationBody } from "./tool-config";

const PLATFORM_CONFIG = "https://purl.imsglobal.org/spec/lti-platform-configuration";
const TOOL_CONFIG = "https://purl.imsglobal.org/spec/lti-tool-configuration";
const MAX_RESPONSE_CHARS = 64 * 1024;
const TIMEOUT_MS = 10_000;

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
type OpenidConfiguration = z.infer<typeof openidConfigurationSchema>;

/** A deployment id as platforms send it: a string, or a number from platforms that store it as one; null = none. */
const deploymentIdSchema = z
  .union([z.string().max(255), z.number().int().nonnegative()])
  .nullish()
  .transform((id) => (id === null || id === undefined || id === "" ? undefined : String(id)));

/**
 * The registration response (§3.6, https://www.imsglobal.org/spec/lti-dr/v1p0#tool-configuration-from-the-platform):
 * our client id and, for LTI, the deployment id. The spec puts the deployment id inside the tool configuration;
 * Canvas returns it at the top level, beside client_id
 * (https://canvas.instructure.com/doc/api/file.registration.html), so both places are read.
 */
const registrationResponseSchema = z
  .object({
    client_id: z.string().min(1).max(255),
    deployment_id: deploymentIdSchema,
    [TOOL_CONFIG]: z.object({ deployment_id: deploymentIdSchema }).nullish(),
  })
  .transform(({ deployment_id, [TOOL_CONFIG]: toolConfig }) => ({ deploymentId: toolConfig?.deployment_id ?? deployment_id }));
type RegistrationResponse = z.infer<typeof registrationResponseSchema>;

/** What ltijs hands `registerPlatform`, re-validated before anything is stored. */
const platformInputSchema = z.object({
  url: httpUrl,
  clientId: z.string().min(1).max(255),
  authenticationEndpoint: httpUrl,
  accesstokenEndpoint: httpUrl,
  authConfig: z.object({ method: z.literal("JWK_SET"), key: httpUrl }),
});

export class RegistrationRefusal extends Error {}

function parseOrRefuse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new RegistrationRefusal(`${what}: ${issue.path.join(".") || "body"} ${issue.message}.`);
}

function parseJson(response: LtijsHttpResponse, what: string): unknown {
  if (response.body.length > MAX_RESPONSE_CHARS) throw new RegistrationRefusal(`${what} is too large.`);
  try {
    return JSON.parse(response.body);
  } catch {
    throw new RegistrationRefusal(`${what} is not JSON.`);
  }
}

/**
 * §3.5.1 (https://www.imsglobal.org/spec/lti-dr/v1p0#issuer-and-openid-configuration-url-match): the issuer must match
 * the host the configuration was fetched from, or a rogue server could pose as a well-known LMS issuer. ltijs 5.9.9
 * does not check it.
 */
function checkIssuer(issuer: string, configUrl: string): void {
  if (new URL(issuer).host !== new URL(configUrl).host) {
    throw new RegistrationRefusal(
      `The platform says its issuer is ${issuer}, but its configuration came from ${new URL(configUrl).host}.`,
    );
  }
}

/** The error code and description of an RFC 7591 / OAuth error body (`invalid_redirect_uri: …`), or "". */
function platformError(body: string): string {
  try {
    const json = JSON.parse(body);
    const code = typeof json?.error === "string" ? json.error : "";
    const description = typeof json?.error_description === "string" ? json.error_description : "";
    return [code, description].filter(Boolean).join(": ").slice(0, 200);
  } catch {
    return "";
  }
}

/**
 * A refusal message for what ltijs' HTTP client threw while talking to the platform. Only a structured error is
 * shown: the URLs come from the request, so echoing a raw body would let anyone read internal responses through
 * /lti/register. The body goes to the log.
 */
function httpFailure(error: unknown, configUrl: string): RegistrationRefusal | undefined {
  const what = (url: string) =>
    url === configUrl ? "The platform configuration" : "The platform's registration endpoint";
  if (error instanceof LtijsHttpError) {
    const { statusCode, body, url } = error.response;
    log.warn("lti dynamic registration: platform answered an error", { url: withoutQuery(url), status: statusCode, body: body.slice(0, 500) });
    const detail = platformError(body);
    return new RegistrationRefusal(`${what(url)} answered HTTP ${statusCode}${detail ? `: ${detail}` : "."}`);
  }
  if (error instanceof LtijsRequestError) return new RegistrationRefusal(`${what(error.url)} could not be reached.`);
  return undefined;
}

/**
 * Dynamic Registration initiation (https://www.imsglobal.org/spec/lti-dr/v1p0#registration-initiation-launch), run
 * by ltijs' DynamicRegistration: it reads the platform's configuration and posts Lantern's client registration; the
 * callbacks here validate what came back and store platform and deployment; then the LMS dialog is closed.
 */
export async function handleRegistration(req: Request, fetcher: FetchLike = (u, i) => fetch(u, i)): Promise<Response> {
  const query = new URL(req.url).searchParams;
  let configUrl = query.get("openid_configuration") ?? "";
  const registrationToken = query.get("registration_token") || undefined;
  const seen: { config?: OpenidConfiguration; registered?: RegistrationResponse; platform?: LtiPlatform; refusal?: RegistrationRefusal } = {};
  try {
    if (!httpUrl.safeParse(configUrl).success) {
      throw new RegistrationRefusal("The openid_configuration parameter is not an http(s) URL.");
    }
    if (env().APP_ENV === "production" && !configUrl.startsWith("https://")) {
      throw new RegistrationRefusal("The platform configuration must be served over https.");
    }
    configUrl = new URL(configUrl).toString(); // as ltijs' HTTP client will request it
    // ltijs deep-merges these into its own registration after it has fetched the configuration, so they are filled
    // in from the configuration it fetched (the custom parameters depend on the platform's variables). Its merge
    // replaces arrays (messages, redirect_uris, claims, grant_types) instead of concatenating them.
    const overrides: Record<string, unknown> = {};

    // ltijs fetches the configuration without the registration token; Canvas uses the token to authorize that
    // request (https://canvas.instructure.com/doc/api/file.registration.html), so it is added here. ltijs' own
    // client times out after 15 s; registration keeps its 10 s.
    const platformFetch: FetchLike = async (url, init) => {
      if (env().APP_ENV === "production" && !(await isPublicUrl(url))) {
        seen.refusal = new RegistrationRefusal(`${url === configUrl ? "The platform configuration" : "The platform's registration endpoint"} is not on a public address.`);
        throw seen.refusal;
      }
      const headers = new Headers(init?.headers);
      if (registrationToken && url === configUrl && !headers.has("authorization")) {
        headers.set("authorization", `Bearer ${registrationToken}`);
      }
      const signals = [AbortSignal.timeout(TIMEOUT_MS), ...(init?.signal ? [init.signal] : [])];
      return fetcher(url, { ...init, headers, signal: AbortSignal.any(signals) });
    };

    // Sees both responses before ltijs parses them; a refusal thrown here stops ltijs at that step.
    const onResponse = (request: { method: string; url: string }, response: LtijsHttpResponse) => {
      if (response.statusCode < 200 || response.statusCode > 299) return; // ltijs throws LtijsHttpError next
      if (request.method === "GET" && request.url === configUrl) {
        const what = "The platform configuration";
        const config = parseOrRefuse(openidConfigurationSchema, parseJson(response, what), what);
        checkIssuer(config.issuer, configUrl); // before Lantern's registration is sent anywhere
        if (env().APP_ENV === "production" && !config.registration_endpoint.startsWith("https://")) {
          throw new RegistrationRefusal("The platform's registration endpoint must use https.");
        }
        seen.config = config;
        Object.assign(overrides, clientRegistrationBody(config[PLATFORM_CONFIG]?.variables));
      } else if (request.method === "POST" && request.url === registrationEndpoint(seen.config)) {
        const what = "The registration response";
        seen.registered = parseOrRefuse(registrationResponseSchema, parseJson(response, what), what);
      }
    };

    const registerPlatform = async (input: LtijsPlatformInput): Promise<LtijsPlatform> => {
      const { config, registered } = seen;
      if (!config || !registered) throw new RegistrationRefusal("The platform's answers could not be read.");
      const values = parseOrRefuse(platformInputSchema, input, "The platform configuration");
      checkIssuer(values.url, configUrl);
      const platform = await ensurePlatform({
        values: {
          issuer: values.url,
          clientId: values.clientId,
          // ltijs would name it `<product>_DynReg_<random hex>`; the registry shows the product name.
          name: config[PLATFORM_CONFIG]?.product_family_code ?? new URL(values.url).host,
          authLoginUrl: values.authenticationEndpoint,
          authTokenUrl: values.accesstokenEndpoint,
          jwksUrl: values.authConfig.key,
          registeredVia: "dynamic",
        },
      });
      // ltijs ignores the deployment id in the registration response; launches with unknown deployments are refused.
      const { deploymentId } = registered;
      if (deploymentId) await ensureDeployment({ platformId: platform.id, deploymentId });
      seen.platform = platform;
      return ltijsPlatform(platform);
    };

    const service = await ltijsRegistration(registerPlatform);
    await withLtijsHttp({ fetch: platformFetch, onResponse }, () =>
      service.register(configUrl, registrationToken, overrides),
    );
    const { platform, registered } = seen;
    if (!platform || !registered) throw new Error("ltijs finished the registration without storing a platform.");
    clearRegistryCache();
    const { deploymentId } = registered;
    log.info("lti dynamic registration", { issuer: platform.issuer, clientId: platform.clientId, deploymentId });
    // The LMS admin who registered is not a Lantern user: the system records it, with where it came from.
    await insertAuditEvent({
      authz: systemAuthz(),
      action: "platform.register",
      subject: { type: "lti_platform", id: platform.id },
      after: { issuer: platform.issuer, clientId: platform.clientId, deploymentId: deploymentId ?? null, via: "dynamic" },
      req,
    });
    // Our own page rather than ltijs' bare <script>: it has a title and says what happened.
    return closePage(
      deploymentId
        ? "Lantern is registered. You can close this window."
        : `Lantern is registered, but the LMS sent no deployment id: add it with "npm run lti:register -- --issuer ${platform.issuer} --client-id ${platform.clientId} --deployment <id>".`,
    );
  } catch (caught) {
    const refusal = caught instanceof RegistrationRefusal ? caught : (seen.refusal ?? httpFailure(caught, configUrl));
    const message = refusal?.message ?? "Lantern could not complete the registration (the details are in Lantern's log).";
    log.warn("lti dynamic registration refused", {
      configUrl: withoutQuery(configUrl),
      reason: message,
      error: refusal ? undefined : caught,
    });
    return htmlPage({
      title: "Registration failed · Lantern",
      status: 400,
      body: `<main><h1>Lantern could not be registered</h1><p>${escapeHtml(message)}</p>
<p>Reason code: <code>registration_refused</code>. Check the registration URL in the LMS, or register manually (see the installation guide).</p></main>`,
    });
  }
}

/** The registration endpoint as ltijs' HTTP client requests it. */
function registrationEndpoint(config: OpenidConfiguration | undefined): string | undefined {
  return config && new URL(config.registration_endpoint).toString();
}

/** A URL for the log: platforms may put credentials in the query. */
function withoutQuery(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? `${u.origin}${u.pathname}` : "(not an http(s) URL)";
  } catch {
    return "(not a URL)";
  }
}

/** "Registration complete" page that asks the LMS to close its dialog (§3.7 org.imsglobal.lti.close). */
async function closePage(message: string): Promise<Response> {
  return scriptPage({
    title: "Registration complete · Lantern",
    body: `<main><h1>Registration complete</h1><p>${escapeHtml(message)}</p></main>`,
    script: `(window.opener||window.parent).postMessage({subject:"org.imsglobal.lti.close"},"*");`,
  });
}
