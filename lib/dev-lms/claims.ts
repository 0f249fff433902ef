import type { DevLmsLaunch, DevLmsResourceLink, DevLmsTool } from "@/lib/models/dev-lms";
import type { DevLmsLineItem } from "@/lib/models/dev-lms-ags";
import { contextInfo } from "./context";
import type { Person } from "./people";
import type { PlatformUrls } from "./platform";
import { AGS_SCOPES, CLAIM, SCOPES } from "./scopes";

/** The id_token claims of a launch (LTI Core 1.3 §5.3–5.4, AGS 2.0 §3.1, NRPS 2.0 §3.6.1, Deep Linking 2.0 §4.4). */

type Message = { type: string; target_link_uri?: string; placements?: string[]; custom_parameters?: Record<string, string> };

const iso = (d: Date | null) => (d ? d.toISOString() : "");

/** Canvas-style variable substitution: known `$Variables` are replaced, unknown ones are sent as written (as Canvas does). */
export function substitute(custom: Record<string, string>, vars: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(custom).map(([k, v]) => [k, v.startsWith("$") && vars[v] !== undefined ? vars[v]! : v]),
  );
}

/** When the tool registered no custom parameters, send the ones Lantern's Canvas configuration asks for. */
const DEFAULT_CUSTOM = {
  canvas_course_id: "$Canvas.course.id",
  canvas_user_id: "$Canvas.user.id",
  canvas_assignment_id: "$Canvas.assignment.id",
  due_at: "$Canvas.assignment.dueAt.iso8601",
  lock_at: "$Canvas.assignment.lockAt.iso8601",
  unlock_at: "$Canvas.assignment.unlockAt.iso8601",
};

function messageFor(tool: DevLmsTool, type: string, placement?: string): Message | undefined {
  const messages = ((tool.configuration.messages as Message[] | undefined) ?? []).filter((m) => m.type === type);
  return (placement && messages.find((m) => m.placements?.includes(placement))) || messages[0];
}

export type LaunchInput = {
  launch: DevLmsLaunch;
  tool: DevLmsTool;
  person: Person;
  urls: PlatformUrls;
  nonce: string;
  link: DevLmsResourceLink | null;
  lineItem: DevLmsLineItem | null;
};

/** Where the launch goes: the link's URL, else the message's target for the placement, else the tool default. */
export function targetLinkUri({ launch, tool, link }: Pick<LaunchInput, "launch" | "tool" | "link">): string {
  if (launch.kind === "deep_linking") {
    return messageFor(tool, "LtiDeepLinkingRequest")?.target_link_uri ?? tool.targetLinkUri;
  }
  if (launch.kind === "course_navigation") {
    return messageFor(tool, "LtiResourceLinkRequest", "course_navigation")?.target_link_uri ?? tool.targetLinkUri;
  }
  return link?.url ?? tool.targetLinkUri;
}

export function launchClaims(input: LaunchInput): Record<string, unknown> {
  const { launch, tool, person, urls, nonce, link, lineItem } = input;
  const context = contextInfo(launch.contextId);
  const deepLinking = launch.kind === "deep_linking";
  const placement = launch.kind === "course_navigation" ? "course_navigation" : deepLinking ? "assignment_selection" : "link_selection";
  const message = messageFor(tool, deepLinking ? "LtiDeepLinkingRequest" : "LtiResourceLinkRequest", placement);
  const resourceLinkId = launch.kind === "course_navigation" ? `nav-${launch.contextId}` : link?.id;

  const vars: Record<string, string | undefined> = {
    "$Canvas.course.id": launch.contextId,
    "$Context.id": launch.contextId,
    "$Context.title": context.title,
    "$Canvas.user.id": person.userId,
    "$User.id": person.userId,
    "$Person.name.full": person.name ?? "",
    "$Person.email.primary": person.email ?? "",
    "$Canvas.api.domain": new URL(urls.issuer).host,
    ...(resourceLinkId && { "$ResourceLink.id": resourceLinkId }),
    ...(link && {
      "$ResourceLink.title": link.title,
      "$Canvas.assignment.id": link.id,
      "$Canvas.assignment.title": link.title,
      "$Canvas.assignment.dueAt.iso8601": iso(link.dueAt),
      "$Canvas.assignment.lockAt.iso8601": iso(link.lockAt),
      "$Canvas.assignment.unlockAt.iso8601": iso(link.unlockAt),
      "$ResourceLink.submission.endDateTime": iso(link.dueAt),
      "$ResourceLink.available.startDateTime": iso(link.unlockAt),
      "$ResourceLink.available.endDateTime": iso(link.lockAt),
      ...(lineItem && { "$Canvas.assignment.pointsPossible": String(lineItem.scoreMaximum) }),
    }),
  };
  const registered = {
    ...((tool.configuration.custom_parameters as Record<string, string> | undefined) ?? {}),
    ...(message?.custom_parameters ?? {}),
  };
  const custom = substitute({ ...(Object.keys(registered).length ? registered : DEFAULT_CUSTOM), ...(link?.custom ?? {}) }, vars);

  const agsScopes = tool.scopes.filter((s) => AGS_SCOPES.includes(s));
  const claims: Record<string, unknown> = {
    iss: urls.issuer,
    aud: tool.clientId,
    azp: tool.clientId,
    sub: person.userId,
    nonce,
    ...(person.name && { name: person.name, given_name: person.givenName, family_name: person.familyName }),
    ...(person.email && { email: person.email }),
    [CLAIM.messageType]: deepLinking ? "LtiDeepLinkingRequest" : "LtiResourceLinkRequest",
    [CLAIM.version]: "1.3.0",
    [CLAIM.deploymentId]: tool.deploymentId,
    [CLAIM.targetLinkUri]: targetLinkUri(input),
    [CLAIM.roles]: person.roles,
    [CLAIM.context]: context,
    [CLAIM.toolPlatform]: {
      guid: `lantern-dev-lms-${new URL(urls.issuer).host}`,
      name: "Lantern dev LMS",
      product_family_code: "lantern-dev-lms",
      version: "1.0",
    },
    [CLAIM.launchPresentation]: { document_target: "iframe", locale: "en", return_url: `${urls.course}?returned=${launch.id}` },
    [CLAIM.lis]: { person_sourcedid: `sis-${person.userId}`, course_section_sourcedid: `${launch.contextId}-${person.section ?? "A"}` },
    [CLAIM.custom]: custom,
    [CLAIM.canvasPlacement]: placement,
    [CLAIM.nrps]: { context_memberships_url: urls.memberships(launch.contextId), service_versions: ["2.0"] },
  };
  if (agsScopes.length) {
    claims[CLAIM.ags] = {
      scope: agsScopes,
      lineitems: urls.lineItems(launch.contextId),
      ...(lineItem && !deepLinking && { lineitem: urls.lineItem(launch.contextId, lineItem.id) }),
    };
  }
  if (!tool.scopes.includes(SCOPES.membershipsReadonly)) delete claims[CLAIM.nrps];
  if (resourceLinkId && !deepLinking) {
    claims[CLAIM.resourceLink] = { id: resourceLinkId, title: link?.title ?? "Course navigation", description: "" };
  }
  if (deepLinking) {
    const o = launch.options as { acceptTypes?: string[]; acceptMultiple?: boolean; data?: string; autoCreate?: boolean };
    claims[CLAIM.deepLinkingSettings] = {
      deep_link_return_url: urls.deepLinkReturn(launch.id),
      accept_types: o.acceptTypes ?? ["ltiResourceLink"],
      accept_presentation_document_targets: ["iframe", "window"],
      accept_multiple: o.acceptMultiple ?? true,
      auto_create: o.autoCreate ?? true,
      title: "Add an assignment",
      text: "Choose or create the Lantern assignment to place in this course.",
      data: o.data ?? `dev-lms-${launch.id}`,
    };
  }
  return claims;
}
