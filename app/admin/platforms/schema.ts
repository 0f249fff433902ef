import { z } from "zod";

const url = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what}.`)
    .max(2000, "Use at most 2000 characters.")
    .pipe(z.url({ protocol: /^https?$/, message: "Enter an http(s) URL." }));

/**
 * The platform's identity. The issuer is a case-sensitive https URL with no query or fragment (LTI Core 1.3 §5.1.2,
 * https://www.imsglobal.org/spec/lti/v1p3#issuer-claim); http is accepted here for development (lib/admin refuses it
 * in production).
 */
const issuer = url("issuer").refine((v) => !/[?#]/.test(v), "An issuer has no query (?) or fragment (#).");

export const endpointFields = {
  name: z.string().trim().max(200, "Use at most 200 characters."),
  authLoginUrl: url("authentication request (OIDC authorization) URL"),
  authTokenUrl: url("access token URL"),
  jwksUrl: url("platform keyset (JWKS) URL"),
};

/** Deployment ids, one per line (blank lines ignored). */
export const deploymentList = z
  .string()
  .max(20_000)
  .transform((v) => [...new Set(v.split(/\r?\n/).map((d) => d.trim()).filter(Boolean))])
  .pipe(z.array(z.string().max(255, "A deployment id has at most 255 characters.")).max(100, "Add at most 100 deployments at once."));

export const registerPlatformForm = z.object({
  issuer,
  clientId: z.string().trim().min(1, "Enter the client id the LMS gave Lantern.").max(255, "Use at most 255 characters."),
  ...endpointFields,
  deploymentIds: deploymentList,
});

export const editPlatformForm = z.object({ platformId: z.uuid("No such platform."), ...endpointFields });

export const addDeploymentForm = z.object({
  platformId: z.uuid("No such platform."),
  deploymentId: z.string().trim().min(1, "Enter a deployment id.").max(255, "A deployment id has at most 255 characters."),
});

export const platformIdForm = z.object({ platformId: z.uuid("No such platform.") });
export const platformActiveForm = z.object({ platformId: z.uuid("No such platform."), active: z.enum(["true", "false"]).transform((v) => v === "true") });
