import { env } from "@/lib/env";

/** AGS and NRPS scopes Lantern asks for (AGS 2.0 §3.1, NRPS 2.0 §2.2). */
export const TOOL_SCOPES = [
  "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
];

/** Canvas substitution variables for the dates Lantern shows and enforces (stored with the resource link). */
export const CANVAS_CUSTOM_FIELDS: Record<string, string> = {
  due_at: "$Canvas.assignment.dueAt.iso8601",
  lock_at: "$Canvas.assignment.lockAt.iso8601",
  unlock_at: "$Canvas.assignment.unlockAt.iso8601",
  canvas_course_id: "$Canvas.course.id",
  canvas_user_id: "$Canvas.user.id",
  // The Canvas gradebook CSV export names each column "Title (Canvas assignment id)" (lib/exports/canvas.ts).
  canvas_assignment_id: "$Canvas.assignment.id",
};

/** LTI standard substitution variables for the same dates (LTI Core 1.3 §A.1, for Moodle and others). */
export const STANDARD_CUSTOM_FIELDS: Record<string, string> = {
  due_at: "$ResourceLink.submission.endDateTime",
  unlock_at: "$ResourceLink.available.startDateTime",
  lock_at: "$ResourceLink.available.endDateTime",
};

/** Lantern's public LTI endpoints (stable: they go into LMS configurations and docs). */
export function toolUrls() {
  const base = env().APP_URL;
  return {
    base,
    domain: new URL(base).host,
    login: `${base}/lti/login`,
    launch: `${base}/lti/launch`,
    jwks: `${base}/lti/jwks`,
    register: `${base}/lti/register`,
    canvasJson: `${base}/lti/canvas.json`,
    logo: `${base}/icon.svg`,
  };
}

/**
 * The URL, normalised (scheme and host case, default port, dot segments), when it is one of Lantern's own addresses
 * (the origin of APP_URL); otherwise null. A launch may only ever target Lantern itself.
 */
export function lanternUrl(value: string): URL | null {
  if (!URL.canParse(value)) return null;
  const url = new URL(value);
  return url.origin === new URL(env().APP_URL).origin ? url : null;
}

/** Canvas developer-key JSON (Canvas "Configuring LTI Advantage Tools", JSON URL method). */
export function canvasDeveloperKeyJson() {
  const urls = toolUrls();
  const placement = (placement: string, messageType: string) => ({
    placement,
    message_type: messageType,
    target_link_uri: urls.launch,
    text: "Lantern",
    icon_url: urls.logo,
  });
  return {
    title: "Lantern",
    description: "Programming assignments with instant feedback, inside your course.",
    oidc_initiation_url: urls.login,
    target_link_uri: urls.launch,
    public_jwk_url: urls.jwks,
    scopes: TOOL_SCOPES,
    custom_fields: CANVAS_CUSTOM_FIELDS,
    extensions: [
      {
        domain: urls.domain,
        tool_id: "lantern",
        platform: "canvas.instructure.com",
        privacy_level: "public",
        settings: {
          text: "Lantern",
          icon_url: urls.logo,
          placements: [
            placement("course_navigation", "LtiResourceLinkRequest"),
            placement("assignment_selection", "LtiDeepLinkingRequest"),
            placement("link_selection", "LtiDeepLinkingRequest"),
          ],
        },
      },
    ],
  };
}

const TOOL_CONFIG = "https://purl.imsglobal.org/spec/lti-tool-configuration";

/**
 * The client registration Lantern sends (§3.5, https://www.imsglobal.org/spec/lti-dr/v1p0#tool-configuration).
 * Canvas reads its own extensions inside the LTI tool configuration, not beside it (Canvas "Registering an LTI
 * Tool", doc/api/registration.md, "LTI Tool Configuration schema"; its controller permits them only there): the
 * privacy level, without which Canvas defaults to "anonymous" and sends no names or emails, and the tool id.
 */
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
    [TOOL_CONFIG]: {
      domain: urls.domain,
      target_link_uri: urls.launch,
      custom_parameters: custom,
      claims: ["iss", "sub", "name", "given_name", "family_name", "email"],
      "https://canvas.instructure.com/lti/privacy_level": "public",
      // The same tool_id as the developer-key JSON's extension (canvasDeveloperKeyJson), so Canvas sees one tool.
      "https://canvas.instructure.com/lti/tool_id": "lantern",
      messages: [
        { type: "LtiDeepLinkingRequest", target_link_uri: urls.launch, label: "Lantern", placements: ["assignment_selection", "link_selection"] },
        { type: "LtiResourceLinkRequest", target_link_uri: urls.launch, label: "Lantern", placements: ["course_navigation"] },
      ],
    },
  };
}
