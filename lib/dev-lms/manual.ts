import { randomBytes } from "node:crypto";
import { z } from "zod";
import { insertDevLmsTool } from "@/lib/models/dev-lms";
import type { PlatformUrls } from "./platform";
import { SUPPORTED_SCOPES } from "./scopes";

/** Manual registration: what an LMS admin types in for a tool, and the values the admin pastes back into the tool. */

const httpUrl = z.url({ protocol: /^https?$/ });

export const manualRegistration = z
  .object({
    name: z.string().trim().min(1).max(200).default("Lantern"),
    initiateLoginUri: httpUrl,
    redirectUris: z.array(httpUrl).min(1),
    targetLinkUri: httpUrl,
    jwksUri: httpUrl.optional(),
    jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) }).optional(),
    scopes: z.array(z.enum(SUPPORTED_SCOPES as [string, ...string[]])).default(SUPPORTED_SCOPES),
    customParameters: z.record(z.string(), z.string()).optional(),
    /** LTI messages with placements, as in the tool configuration (e.g. a course_navigation target). */
    messages: z
      .array(z.object({ type: z.string(), target_link_uri: httpUrl.optional(), placements: z.array(z.string()).optional() }))
      .optional(),
  })
  .refine((v) => v.jwksUri || v.jwks, { message: "Give the tool's JWKS URL or its public keyset.", path: ["jwksUri"] });

export type ManualRegistration = z.input<typeof manualRegistration>;

export async function registerToolManually(input: ManualRegistration) {
  const r = manualRegistration.parse(input);
  return insertDevLmsTool({
    values: {
      clientId: `dev-client-${randomBytes(6).toString("hex")}`,
      deploymentId: `dev-deployment-${randomBytes(4).toString("hex")}`,
      name: r.name,
      source: "manual",
      initiateLoginUri: r.initiateLoginUri,
      redirectUris: r.redirectUris,
      targetLinkUri: r.targetLinkUri,
      jwksUri: r.jwksUri ?? null,
      jwks: r.jwks ?? null,
      scopes: r.scopes,
      configuration: {
        domain: new URL(r.targetLinkUri).host,
        target_link_uri: r.targetLinkUri,
        ...(r.customParameters && { custom_parameters: r.customParameters }),
        messages: r.messages ?? [],
      },
    },
  });
}

/** The values an admin copies from the LMS into the tool's manual registration form. */
export function platformValuesFor(tool: { clientId: string; deploymentId: string }, urls: PlatformUrls) {
  return {
    issuer: urls.issuer,
    clientId: tool.clientId,
    deploymentId: tool.deploymentId,
    authLoginUrl: urls.authorization,
    tokenUrl: urls.token,
    jwksUrl: urls.jwks,
    openidConfigurationUrl: urls.openidConfiguration,
  };
}
