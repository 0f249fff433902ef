import { randomBytes } from "node:crypto";
import { z } from "zod";
import {
  insertDevLmsLaunch,
  insertDevLmsResourceLink,
  selectDevLmsResourceLink,
  selectDevLmsResourceLinks,
  selectDevLmsTool,
  type DevLmsLaunch,
  type DevLmsResourceLink,
  type DevLmsTool,
} from "@/lib/models/dev-lms";
import { insertDevLmsLineItem, selectDevLmsLineItems } from "@/lib/models/dev-lms-ags";
import { targetLinkUri } from "./claims";
import { findPerson } from "./people";
import { DEFAULT_CONTEXT_ID, STORAGE_FRAME_NAME, type PlatformUrls } from "./platform";

/** Launch requests: what to launch (stored, named by `lti_message_hint`) and the OIDC login initiation that starts it. */

export const launchRequest = z.object({
  /** The tool; defaults to the newest registered one. */
  clientId: z.string().max(200).optional(),
  /** A persona key (instructor, student, ta, test-student, anonymous, designer) or a roster user id. */
  person: z.string().min(1).max(100),
  kind: z.enum(["resource_link", "course_navigation", "deep_linking"]).default("resource_link"),
  contextId: z.string().min(1).max(200).default(DEFAULT_CONTEXT_ID),
  /** An existing resource link; without one, the context's first link is used (created with a line item if none). */
  resourceLinkId: z.string().max(100).optional(),
  /** Send `lti_storage_target` (1EdTech platform storage) so the tool can keep state in the LMS frame. */
  platformStorage: z.boolean().default(false),
  acceptMultiple: z.boolean().optional(),
  acceptTypes: z.array(z.string()).optional(),
  data: z.string().max(2000).optional(),
  /** Continue this LTI 1.1 tool of the dev LMS: the id_token carries the signed lti1p1 migration claim. */
  lti11ConsumerKey: z.string().max(200).optional(),
});

export type LaunchRequest = z.input<typeof launchRequest>;

/** The default assignment link of a course: due in a week, locked a day later, with a 10-point line item. */
async function defaultLink(tool: DevLmsTool, contextId: string) {
  const [first] = await selectDevLmsResourceLinks({ clientId: tool.clientId, contextId });
  if (first) return first;
  const day = 24 * 60 * 60 * 1000;
  const now = Date.now();
  const link = await insertDevLmsResourceLink({
    values: {
      clientId: tool.clientId,
      contextId,
      title: "Assignment 1: Hello, Python",
      custom: {},
      dueAt: new Date(Math.ceil((now + 7 * day) / day) * day),
      lockAt: new Date(Math.ceil((now + 8 * day) / day) * day),
      unlockAt: new Date(Math.floor((now - day) / day) * day),
    },
  });
  await insertDevLmsLineItem({
    scope: { clientId: tool.clientId, contextId },
    values: {
      label: link.title,
      scoreMaximum: 10,
      resourceLinkId: link.id,
      resourceId: null,
      tag: null,
      startDateTime: null,
      endDateTime: null,
      gradesReleased: null,
    },
  });
  return link;
}

/** Stores a launch and returns it with the tool it targets. */
export async function createLaunch(input: LaunchRequest, tools: () => Promise<DevLmsTool[]>) {
  const r = launchRequest.parse(input);
  const tool = r.clientId ? await selectDevLmsTool({ clientId: r.clientId }) : (await tools())[0];
  if (!tool) throw new Error("No tool is registered in the dev LMS yet.");
  const person = findPerson(r.person);
  if (!person) throw new Error(`Unknown person "${r.person}".`);
  const link =
    r.kind !== "resource_link"
      ? null
      : r.resourceLinkId
        ? await selectDevLmsResourceLink({ clientId: tool.clientId, unsafeResourceLinkId: r.resourceLinkId })
        : await defaultLink(tool, r.contextId);
  const launch = await insertDevLmsLaunch({
    values: {
      clientId: tool.clientId,
      contextId: r.contextId,
      person: person.key,
      kind: r.kind,
      resourceLinkId: link?.id ?? null,
      platformStorage: r.platformStorage,
      options: {
        acceptMultiple: r.acceptMultiple,
        acceptTypes: r.acceptTypes,
        data: r.data ?? `dev-lms-${randomBytes(8).toString("hex")}`,
        ...(r.lti11ConsumerKey && { lti11ConsumerKey: r.lti11ConsumerKey }),
      },
    },
  });
  return { launch, tool, person, link };
}

/**
 * The OIDC third-party login initiation (Security Framework §5.1.1.1, LTI Core §4.1): the parameters the platform
 * sends to the tool's initiate_login_uri. Canvas also sends `lti_storage_target` when it offers platform storage.
 */
export function loginInitiation(
  launch: DevLmsLaunch,
  tool: DevLmsTool,
  link: DevLmsResourceLink | null,
  urls: PlatformUrls,
) {
  const person = findPerson(launch.person)!;
  const params: Record<string, string> = {
    iss: urls.issuer,
    login_hint: person.userId,
    target_link_uri: targetLinkUri({ launch, tool, link }),
    lti_message_hint: launch.id,
    client_id: tool.clientId,
    lti_deployment_id: tool.deploymentId,
  };
  if (launch.platformStorage) params.lti_storage_target = STORAGE_FRAME_NAME;
  const url = new URL(tool.initiateLoginUri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { action: tool.initiateLoginUri, params, url: url.toString() };
}

/** The resource link's line item, if it has one. */
export async function lineItemForLink(launch: DevLmsLaunch) {
  if (!launch.resourceLinkId) return null;
  const [item] = await selectDevLmsLineItems({
    scope: { clientId: launch.clientId, contextId: launch.contextId },
    filters: { resourceLinkId: launch.resourceLinkId },
    limit: 1,
    offset: 0,
  });
  return item ?? null;
}
