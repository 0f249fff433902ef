import { decodeJwt } from "jose";
import { z } from "zod";
import {
  insertDevLmsResourceLink,
  insertDevLmsUsedJti,
  selectOptionalDevLmsLaunch,
  selectOptionalDevLmsTool,
  type DevLmsResourceLink,
} from "@/lib/models/dev-lms";
import { insertDevLmsLineItem, type DevLmsLineItem } from "@/lib/models/dev-lms-ags";
import type { PlatformUrls } from "./platform";
import { CLAIM } from "./scopes";
import { verifyToolJwt } from "./tool-keys";

/**
 * The deep_link_return_url (Deep Linking 2.0 §4.5, https://www.imsglobal.org/spec/lti-dl/v2p0#deep-linking-response-message):
 * verifies the tool's LtiDeepLinkingResponse against the tool's keyset and, as a real LMS does, creates a resource
 * link (and its gradebook line item when the item carries `lineItem`) for each ltiResourceLink.
 */

export class DeepLinkError extends Error {}

const dateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be a date-time");
const resourceLinkItem = z.object({
  type: z.literal("ltiResourceLink"),
  url: z.url().optional(),
  title: z.string().max(500).optional(),
  text: z.string().optional(),
  custom: z.record(z.string(), z.string()).optional(),
  lineItem: z
    .object({
      scoreMaximum: z.number().positive(),
      label: z.string().max(500).optional(),
      resourceId: z.string().max(255).optional(),
      tag: z.string().max(255).optional(),
      gradesReleased: z.boolean().optional(),
    })
    .optional(),
  available: z.object({ startDateTime: dateTime.optional(), endDateTime: dateTime.optional() }).optional(),
  submission: z.object({ startDateTime: dateTime.optional(), endDateTime: dateTime.optional() }).optional(),
});

export type DeepLinkOutcome = {
  claims: Record<string, unknown>;
  links: { link: DevLmsResourceLink; lineItem: DevLmsLineItem | null }[];
  otherItems: Record<string, unknown>[];
  msg?: string;
  log?: string;
  errormsg?: string;
  errorlog?: string;
};

export async function receiveDeepLinkingResponse({ launchId, jwt, urls }: { launchId: string; jwt: string; urls: PlatformUrls }): Promise<DeepLinkOutcome> {
  const launch = await selectOptionalDevLmsLaunch({ unsafeLaunchId: launchId });
  if (!launch || launch.kind !== "deep_linking" || !launch.authorizedAt) throw new DeepLinkError("No Deep Linking request matches this return URL.");
  let issuer = "";
  try {
    issuer = String(decodeJwt(jwt).iss ?? "");
  } catch {
    throw new DeepLinkError("The JWT field is not a JWT.");
  }
  const tool = await selectOptionalDevLmsTool({ clientId: issuer });
  if (!tool || tool.clientId !== launch.clientId) throw new DeepLinkError("The response's iss is not the client_id that received the request.");
  let claims: Record<string, unknown>;
  try {
    claims = await verifyToolJwt(tool, jwt, { issuer: tool.clientId, audience: urls.issuer, requiredClaims: ["exp", "iat", "nonce"], maxTokenAge: "10m", clockTolerance: 5 });
  } catch (error) {
    throw new DeepLinkError(`The response's signature or claims were refused: ${(error as Error).message}`);
  }
  if (claims[CLAIM.messageType] !== "LtiDeepLinkingResponse") throw new DeepLinkError("message_type must be LtiDeepLinkingResponse.");
  if (claims[CLAIM.version] !== "1.3.0") throw new DeepLinkError("version must be 1.3.0.");
  if (claims[CLAIM.deploymentId] !== tool.deploymentId) throw new DeepLinkError("deployment_id does not match the request's.");
  const settings = (launch.idTokenClaims?.[CLAIM.deepLinkingSettings] ?? {}) as { data?: string; accept_multiple?: boolean; accept_types?: string[] };
  // §4.4.1: data sent in the request must come back unchanged.
  if (settings.data !== undefined && claims[CLAIM.dlData] !== settings.data) throw new DeepLinkError("The data claim was not echoed unchanged.");
  if (!(await insertDevLmsUsedJti({ issuer: "deep-link-return", jti: launch.id, expiresAt: new Date(Date.now() + 86_400_000) }))) {
    throw new DeepLinkError("This Deep Linking request already received its response.");
  }

  const items = (claims[CLAIM.contentItems] ?? []) as Record<string, unknown>[];
  if (!Array.isArray(items)) throw new DeepLinkError("content_items must be an array.");
  if (settings.accept_multiple === false && items.length > 1) throw new DeepLinkError("accept_multiple was false but several items came back.");
  const outcome: DeepLinkOutcome = { claims, links: [], otherItems: [] };
  for (const key of ["msg", "log", "errormsg", "errorlog"] as const) {
    const v = claims[`https://purl.imsglobal.org/spec/lti-dl/claim/${key}`];
    if (typeof v === "string") outcome[key] = v;
  }
  for (const raw of items) {
    if (settings.accept_types && !settings.accept_types.includes(String(raw.type))) throw new DeepLinkError(`Item type "${raw.type}" was not accepted.`);
    if (raw.type !== "ltiResourceLink") {
      outcome.otherItems.push(raw);
      continue;
    }
    const parsed = resourceLinkItem.safeParse(raw);
    if (!parsed.success) throw new DeepLinkError(`Invalid ltiResourceLink: ${parsed.error.issues[0].path.join(".")} ${parsed.error.issues[0].message}`);
    const item = parsed.data;
    const date = (s?: string) => (s ? new Date(s) : null);
    const link = await insertDevLmsResourceLink({
      values: {
        clientId: tool.clientId,
        contextId: launch.contextId,
        title: item.title ?? item.lineItem?.label ?? "Untitled link",
        url: item.url ?? null,
        custom: item.custom ?? {},
        dueAt: date(item.submission?.endDateTime),
        unlockAt: date(item.available?.startDateTime),
        lockAt: date(item.available?.endDateTime),
      },
    });
    const lineItem = item.lineItem
      ? await insertDevLmsLineItem({
          scope: { clientId: tool.clientId, contextId: launch.contextId },
          values: {
            label: item.lineItem.label ?? link.title,
            scoreMaximum: item.lineItem.scoreMaximum,
            resourceLinkId: link.id,
            resourceId: item.lineItem.resourceId ?? null,
            tag: item.lineItem.tag ?? null,
            startDateTime: item.available?.startDateTime ?? null,
            endDateTime: item.submission?.endDateTime ?? null,
            gradesReleased: item.lineItem.gradesReleased ?? null,
          },
        })
      : null;
    outcome.links.push({ link, lineItem });
  }
  return outcome;
}
