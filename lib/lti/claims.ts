import { z } from "zod";

/** Claim names from LTI Core 1.3 (https://www.imsglobal.org/spec/lti/v1p3#required-message-claims). */
const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  launchPresentation: `${LTI}launch_presentation`,
  lis: `${LTI}lis`,
  toolPlatform: `${LTI}tool_platform`,
  ags: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  nrps: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  /** Canvas names the placement a launch came from (e.g. course_navigation, link_selection). */
  canvasPlacement: "https://www.instructure.com/placement",
  dlContentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  dlData: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
  dlMsg: "https://purl.imsglobal.org/spec/lti-dl/claim/msg",
  // ltijs 5.9.9 writes this key with a trailing space; the spec name has none.
  dlErrorMsg: "https://purl.imsglobal.org/spec/lti-dl/claim/errormsg",
  /** LTI 1.1 → 1.3 migration (https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim): lib/lti11/migration.ts. */
  lti1p1: `${LTI}lti1p1`,
} as const;

export const RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest";
export const DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest";

const url = z.url().max(2048);
const shortText = z.string().max(1000);

/** The verified id_token's LTI claims we use, parsed (after withoutNulls) once the signature and core checks passed. */
export const launchClaimsSchema = z.object({
  sub: z.string().min(1).max(255),
  name: shortText.optional(),
  given_name: shortText.optional(),
  family_name: shortText.optional(),
  email: z.string().max(320).optional(),
  [CLAIM.messageType]: z.enum([RESOURCE_LINK_REQUEST, DEEP_LINKING_REQUEST]),
  [CLAIM.deploymentId]: z.string().min(1).max(255),
  [CLAIM.targetLinkUri]: url.optional(),
  [CLAIM.roles]: z.array(z.string().max(500)).max(100),
  [CLAIM.resourceLink]: z.object({ id: z.string().min(1).max(255), title: shortText.optional() }).optional(),
  [CLAIM.context]: z.object({
    id: z.string().min(1).max(255),
    label: shortText.optional(),
    title: shortText.optional(),
  }),
  [CLAIM.custom]: z.record(z.string(), z.unknown()).optional(),
  [CLAIM.canvasPlacement]: z.string().max(100).optional(),
  // LTI Core 1.3 §D.2 (https://www.imsglobal.org/spec/lti/v1p3#lislti): SIS ids; sections feed gradebook filters.
  [CLAIM.lis]: z.object({ course_section_sourcedid: z.string().max(2000).nullish() }).optional(),
  [CLAIM.ags]: z
    .object({ scope: z.array(z.string()).optional(), lineitems: url.optional(), lineitem: url.optional() })
    .optional(),
  [CLAIM.nrps]: z.object({ context_memberships_url: url }).optional(),
  // The migration claim's signature covers exp and nonce (already checked by lib/lti/verify.ts). A malformed claim
  // only means no LTI 1.1 records are matched, so it never refuses the launch.
  exp: z.number().optional().catch(undefined),
  nonce: z.string().max(1000).optional().catch(undefined),
  [CLAIM.lti1p1]: z
    .object({
      user_id: z.string().min(1).max(255).optional(),
      oauth_consumer_key: z.string().min(1).max(255).optional(),
      oauth_consumer_key_sign: z.string().min(1).max(255).optional(),
      resource_link_id: z.string().min(1).max(255).optional(),
    })
    .optional()
    .catch(undefined),
  [CLAIM.deepLinkingSettings]: z
    .object({
      deep_link_return_url: url,
      accept_types: z.array(z.string()).max(20),
      accept_multiple: z.boolean().optional(),
      data: z.string().max(4096).optional(),
      title: shortText.optional(),
    })
    .optional(),
});

export type LaunchClaims = z.infer<typeof launchClaimsSchema>;

/** Deeper than any real claim set; beyond it values are left as they are (and fail the schema if they matter). */
const MAX_NULL_DEPTH = 16;

/**
 * The JSON value with every null object member removed, at every depth, before a claim schema or an LMS response
 * schema reads it. OIDC Core §5.1 (https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims) says a
 * claim without a value SHOULD be omitted rather than sent as null, but platforms send null: Canvas puts
 * `"https://www.instructure.com/placement": null` in graded-assignment launches and nulls inside resource_link,
 * lis and launch_presentation. So null means absent; required claims are still required. Array elements are kept.
 */
export function withoutNulls(value: unknown, depth = 0): unknown {
  if (depth > MAX_NULL_DEPTH || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => withoutNulls(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (member !== null) out[key] = withoutNulls(member, depth + 1);
  return out;
}

/**
 * A course-menu launch rather than a link to one piece of content: Canvas says so in its placement claim; other
 * LMSs can be configured with a course-menu target link URI ending in `?placement=course_navigation`.
 */
export function isCourseNavigationLaunch(claims: LaunchClaims): boolean {
  if (claims[CLAIM.canvasPlacement] === "course_navigation") return true;
  const target = claims[CLAIM.targetLinkUri];
  return !!target && URL.canParse(target) && new URL(target).searchParams.get("placement") === "course_navigation";
}
