import { randomBytes, randomUUID } from "node:crypto";
import { createLocalJWKSet, jwtVerify } from "jose";
import { z } from "zod";
import { insertDevLmsTool, insertDevLmsUsedJti, type DevLmsTool } from "@/lib/models/dev-lms";
import { platformJwks, signAsPlatform } from "./keys";
import type { PlatformUrls } from "./platform";
import { CLAIM, SUPPORTED_SCOPES } from "./scopes";

/**
 * The platform side of LTI Dynamic Registration 1.0 (https://www.imsglobal.org/spec/lti-dr/v1p0): the registration
 * token handed to the tool (§3.3) and the registration endpoint that validates the tool's client registration (§3.5)
 * and answers with its client_id and deployment_id (§3.6).
 */

export class RegistrationError extends Error {
  constructor(
    readonly code: "invalid_client_metadata" | "invalid_redirect_uri" | "invalid_token",
    message: string,
  ) {
    super(message);
  }
}

const httpUrl = z.url({ protocol: /^https?$/ });

const message = z.object({
  type: z.string().min(1),
  target_link_uri: httpUrl.optional(),
  label: z.string().optional(),
  placements: z.array(z.string()).optional(),
  custom_parameters: z.record(z.string(), z.string()).optional(),
  roles: z.array(z.string()).optional(),
});

/** The tool's client registration request (Dynamic Registration 1.0 §3.5.1, OpenID Connect Registration). */
export const clientRegistration = z.object({
  application_type: z.literal("web"),
  grant_types: z.array(z.string()).refine((g) => g.includes("implicit") && g.includes("client_credentials"), {
    message: "grant_types must include implicit and client_credentials",
  }),
  response_types: z.array(z.string()).refine((r) => r.includes("id_token"), { message: "response_types must include id_token" }),
  redirect_uris: z.array(httpUrl).min(1),
  initiate_login_uri: httpUrl,
  client_name: z.string().min(1).max(200),
  jwks_uri: httpUrl,
  logo_uri: httpUrl.optional(),
  token_endpoint_auth_method: z.literal("private_key_jwt"),
  scope: z.string().optional().default(""),
  [CLAIM.toolConfiguration]: z.object({
    domain: z.string().min(1),
    secondary_domains: z.array(z.string()).optional(),
    deployment_id: z.string().optional(),
    target_link_uri: httpUrl,
    custom_parameters: z.record(z.string(), z.string()).optional(),
    description: z.string().optional(),
    messages: z.array(message).optional().default([]),
    claims: z.array(z.string()).optional().default([]),
  }),
});

export type ClientRegistration = z.infer<typeof clientRegistration>;

/** A registration token for the tool to present as a Bearer credential (§3.3, §3.5): signed, one hour, single use. */
export function createRegistrationToken(urls: PlatformUrls): Promise<string> {
  return signAsPlatform({ iss: urls.issuer, aud: urls.registration, sub: "dynamic-registration", jti: randomUUID() }, 3600);
}

async function checkRegistrationToken(authorization: string | null, urls: PlatformUrls): Promise<void> {
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) throw new RegistrationError("invalid_token", "A registration token is required (Authorization: Bearer).");
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(await platformJwks()), {
      issuer: urls.issuer,
      audience: urls.registration,
      algorithms: ["RS256"],
    });
    const fresh = await insertDevLmsUsedJti({
      issuer: "registration",
      jti: String(payload.jti),
      expiresAt: new Date((payload.exp ?? 0) * 1000),
    });
    if (!fresh) throw new RegistrationError("invalid_token", "This registration token was already used.");
  } catch (error) {
    if (error instanceof RegistrationError) throw error;
    throw new RegistrationError("invalid_token", `The registration token is not valid: ${(error as Error).message}`);
  }
}

/** True when a URL's host is the tool's domain or one of its secondary domains (with or without the port). */
function inDomain(url: string, domains: string[]): boolean {
  const u = new URL(url);
  return domains.some((d) => d.toLowerCase() === u.host.toLowerCase() || d.toLowerCase() === u.hostname.toLowerCase());
}

/** Validates a registration request and stores the tool; the caller answers with `registrationResponse`. */
export async function registerTool({
  authorization,
  body,
  urls,
}: {
  authorization: string | null;
  body: unknown;
  urls: PlatformUrls;
}): Promise<{ tool: DevLmsTool; registration: ClientRegistration }> {
  await checkRegistrationToken(authorization, urls);
  const parsed = clientRegistration.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.join(".");
    const code = where.startsWith("redirect_uris") ? "invalid_redirect_uri" : "invalid_client_metadata";
    throw new RegistrationError(code, `${where || "body"}: ${issue.message}`);
  }
  const registration = parsed.data;
  const config = registration[CLAIM.toolConfiguration];
  const domains = [config.domain, ...(config.secondary_domains ?? [])];
  // §3.5.1: the tool's URLs belong to its declared domain; refusing others stops a registration pointing launches
  // (and id_tokens) at somebody else's site.
  for (const uri of registration.redirect_uris) {
    if (!inDomain(uri, domains)) throw new RegistrationError("invalid_redirect_uri", `${uri} is not in the tool's domain.`);
  }
  for (const [name, uri] of [
    ["initiate_login_uri", registration.initiate_login_uri],
    ["target_link_uri", config.target_link_uri],
    ["jwks_uri", registration.jwks_uri],
  ] as const) {
    if (!inDomain(uri, domains)) throw new RegistrationError("invalid_client_metadata", `${name} is not in the tool's domain.`);
  }
  const requested = registration.scope.split(/\s+/).filter(Boolean);
  const tool = await insertDevLmsTool({
    values: {
      clientId: `dev-client-${randomBytes(6).toString("hex")}`,
      deploymentId: `dev-deployment-${randomBytes(4).toString("hex")}`,
      name: registration.client_name,
      source: "dynamic",
      initiateLoginUri: registration.initiate_login_uri,
      redirectUris: registration.redirect_uris,
      targetLinkUri: config.target_link_uri,
      jwksUri: registration.jwks_uri,
      scopes: requested.filter((s) => SUPPORTED_SCOPES.includes(s)),
      configuration: config as Record<string, unknown>,
    },
  });
  return { tool, registration };
}

/** The registration response (§3.6): the request echoed with client_id, granted scope and the deployment_id. */
export function registrationResponse(tool: DevLmsTool, registration: ClientRegistration) {
  return {
    ...registration,
    client_id: tool.clientId,
    scope: tool.scopes.join(" "),
    [CLAIM.toolConfiguration]: { ...registration[CLAIM.toolConfiguration], deployment_id: tool.deploymentId },
  };
}
