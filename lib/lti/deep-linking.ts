import { SignJWT } from "jose";
import { env } from "@/lib/env";
import { insertDeepLinkRequest, type LtiDeepLinkRequest } from "@/lib/models/lti-deep-links";
import { selectPlatform } from "@/lib/models/lti-platforms";
import { randomToken, sha256 } from "./binding";
import { CLAIM } from "./claims";
import { escapeHtml, htmlPage } from "./html";
import { ASSIGNMENT_CUSTOM_PARAM, type Provisioned } from "./provision";
import { currentSigningKey } from "./tool-keys";
import type { VerifiedLaunch } from "./verify";

/** How long the instructor has to pick before the Deep Linking request expires. */
export const DEEP_LINK_TTL_MS = 60 * 60 * 1000;

/** Stores the request's settings behind a one-time capability token used in the picker's URL. */
export async function createDeepLinkRequest(launch: VerifiedLaunch, provisioned: Provisioned): Promise<{ token: string }> {
  const settings = launch.claims[CLAIM.deepLinkingSettings]!;
  const token = randomToken();
  await insertDeepLinkRequest({
    values: {
      tokenHash: sha256(token),
      platformId: launch.platform.id,
      deploymentId: launch.deployment.deploymentId,
      userId: provisioned.user.id,
      courseId: provisioned.context.courseId,
      returnUrl: settings.deep_link_return_url,
      acceptMultiple: settings.accept_multiple ?? false,
      acceptTypes: settings.accept_types,
      data: settings.data ?? null,
      expiresAt: new Date(Date.now() + DEEP_LINK_TTL_MS),
    },
  });
  return { token };
}

/** What the picker hands back: the assignments to link (title and points feed the LMS gradebook column). */
export type PickedAssignment = { id: string; title: string; points: number };

/**
 * An ltiResourceLink content item with a lineItem, so the LMS creates the gradebook column in the same step
 * (Deep Linking 2.0 §3.4.1, https://www.imsglobal.org/spec/lti-dl/v2p0#lti-resource-link).
 */
export function resourceLinkItem(a: PickedAssignment) {
  return {
    type: "ltiResourceLink",
    title: a.title,
    url: `${env().APP_URL}/lti/launch`,
    custom: { [ASSIGNMENT_CUSTOM_PARAM]: a.id },
    lineItem: { scoreMaximum: a.points, label: a.title, resourceId: a.id },
  };
}

/**
 * The signed LtiDeepLinkingResponse (Deep Linking 2.0 §4.5, https://www.imsglobal.org/spec/lti-dl/v2p0#deep-linking-response-message).
 * An empty pick is a cancel: no content items (and an optional message). `data` is echoed unchanged.
 */
export async function signDeepLinkResponse(
  request: LtiDeepLinkRequest,
  picked: PickedAssignment[],
  options: { message?: string; errorMessage?: string } = {},
): Promise<string> {
  const platform = await selectPlatform({ platformId: request.platformId });
  const acceptsLinks = request.acceptTypes.includes("ltiResourceLink");
  const items = acceptsLinks ? picked.map(resourceLinkItem) : [];
  const key = await currentSigningKey();
  return new SignJWT({
    nonce: randomToken(16),
    [CLAIM.deploymentId]: request.deploymentId,
    [CLAIM.messageType]: "LtiDeepLinkingResponse",
    [CLAIM.version]: "1.3.0",
    [CLAIM.dlContentItems]: request.acceptMultiple ? items : items.slice(0, 1),
    ...(request.data !== null && { [CLAIM.dlData]: request.data }),
    ...(options.message && { [CLAIM.dlMsg]: options.message }),
    ...(options.errorMessage && { [CLAIM.dlErrorMsg]: options.errorMessage }),
  })
    .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(key.privateKey);
}

/** The auto-submitting form that carries the response JWT back to the platform's deep_link_return_url. */
export function deepLinkReturnPage(returnUrl: string, jwt: string): Response {
  return htmlPage({
    title: "Returning to your LMS…",
    body: `<form id="dl" method="post" action="${escapeHtml(returnUrl)}"><input type="hidden" name="JWT" value="${escapeHtml(jwt)}">
<p>Returning to your LMS…</p><noscript><button type="submit">Continue</button></noscript></form>`,
    script: `document.getElementById("dl").submit();`,
  });
}
