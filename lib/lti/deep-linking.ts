import type { LtijsIdToken } from "ltijs";
import { env } from "@/lib/env";
import { insertDeepLinkRequest, type LtiDeepLinkRequest } from "@/lib/models/lti-deep-links";
import { selectPlatform, type LtiPlatform } from "@/lib/models/lti-platforms";
import { randomToken, sha256 } from "./binding";
import { CLAIM } from "./claims";
import { escapeHtml, scriptPage } from "./html";
import { ltiServices } from "./ltijs-services";
import { ASSIGNMENT_CUSTOM_PARAM, type Provisioned } from "./provision";
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

/** ltijs' idtoken for a stored Deep Linking request: the parts createDeepLinkingMessage reads. */
function deepLinkingIdToken(request: LtiDeepLinkRequest, platform: LtiPlatform): LtijsIdToken {
  return {
    iss: platform.issuer,
    clientId: platform.clientId,
    deploymentId: request.deploymentId,
    platformContext: {
      deepLinkingSettings: {
        deep_link_return_url: request.returnUrl,
        accept_types: request.acceptTypes,
        accept_multiple: request.acceptMultiple,
        data: request.data ?? undefined,
      },
    },
  };
}

/**
 * The signed LtiDeepLinkingResponse (Deep Linking 2.0 §4.5, https://www.imsglobal.org/spec/lti-dl/v2p0#deep-linking-response-message),
 * built by ltijs' DeepLinking service: it keeps only items of the request's accept_types, one unless accept_multiple,
 * echoes `data`, and signs with the current tool key for 60 s (the return page posts it at once).
 * An empty pick is a cancel: no content items, and `message` (the `msg` claim) says so.
 * There is deliberately no error-message option: ltijs 5.9.9 writes `errMessage` under the claim key
 * "…/lti-dl/claim/errormsg " with a trailing space (DeepLinking.js l.101), which no platform reads.
 */
export async function signDeepLinkResponse(
  request: LtiDeepLinkRequest,
  picked: PickedAssignment[],
  options: { message?: string } = {},
): Promise<string> {
  const platform = await selectPlatform({ platformId: request.platformId });
  const { deepLinking } = await ltiServices();
  return deepLinking.createDeepLinkingMessage(
    deepLinkingIdToken(request, platform),
    picked.map(resourceLinkItem),
    options.message ? { message: options.message } : {},
  );
}

/** The auto-submitting form that carries the response JWT back to the platform's deep_link_return_url. */
export async function deepLinkReturnPage(returnUrl: string, jwt: string): Promise<Response> {
  return scriptPage({
    title: "Returning to your LMS…",
    body: `<form id="dl" method="post" action="${escapeHtml(returnUrl)}"><input type="hidden" name="JWT" value="${escapeHtml(jwt)}">
<p>Returning to your LMS…</p><noscript><button type="submit">Continue</button></noscript></form>`,
    script: `document.getElementById("dl").submit();`,
  });
}
