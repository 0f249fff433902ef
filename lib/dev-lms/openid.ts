import type { PlatformUrls } from "./platform";
import { CLAIM, SUPPORTED_SCOPES } from "./scopes";

/**
 * The platform's OpenID configuration (Dynamic Registration 1.0 §3.3,
 * https://www.imsglobal.org/spec/lti-dr/v1p0#platform-configuration), including the LTI platform configuration
 * claim (§3.3.1) that tells the tool which messages and variables this platform supports.
 */
export function openidConfiguration(urls: PlatformUrls) {
  return {
    issuer: urls.issuer,
    authorization_endpoint: urls.authorization,
    registration_endpoint: urls.registration,
    jwks_uri: urls.jwks,
    token_endpoint: urls.token,
    token_endpoint_auth_methods_supported: ["private_key_jwt"],
    token_endpoint_auth_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid", ...SUPPORTED_SCOPES],
    response_types_supported: ["id_token"],
    response_modes_supported: ["form_post"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    claims_supported: ["iss", "aud", "sub", "iat", "exp", "nonce", "name", "given_name", "family_name", "email"],
    authorization_server: urls.token,
    [CLAIM.platformConfiguration]: {
      product_family_code: "lantern-dev-lms",
      version: "1.0",
      messages_supported: [
        { type: "LtiResourceLinkRequest", placements: ["course_navigation", "link_selection"] },
        { type: "LtiDeepLinkingRequest", placements: ["assignment_selection", "link_selection"] },
      ],
      variables: [
        "Context.id",
        "Context.title",
        "User.id",
        "Person.name.full",
        "Person.email.primary",
        "ResourceLink.id",
        "ResourceLink.title",
        "ResourceLink.available.startDateTime",
        "ResourceLink.available.endDateTime",
        "ResourceLink.submission.endDateTime",
        "Canvas.course.id",
        "Canvas.user.id",
        "Canvas.api.domain",
        "Canvas.assignment.id",
        "Canvas.assignment.title",
        "Canvas.assignment.pointsPossible",
        "Canvas.assignment.dueAt.iso8601",
        "Canvas.assignment.lockAt.iso8601",
        "Canvas.assignment.unlockAt.iso8601",
      ],
    },
  };
}
