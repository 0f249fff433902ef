import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { signFormParameters, type OAuthParam } from "@/lib/lti11/oauth1";
import {
  insertDevLmsResourceLink,
  selectDevLmsResourceLink,
  selectDevLmsResourceLinks,
  type DevLmsResourceLink,
} from "@/lib/models/dev-lms";
import { insertDevLmsLti11Launch, selectOptionalDevLmsLti11Tool, type DevLmsLti11Launch, type DevLmsLti11Tool } from "@/lib/models/dev-lms-lti11";
import { substitute } from "./claims";
import { contextInfo } from "./context";
import { findPerson, ROLES, type Person } from "./people";
import { DEFAULT_CONTEXT_ID } from "./platform";

/**
 * The dev LMS as an LTI 1.1 consumer (LTI 1.1 Implementation Guide §4, https://www.imsglobal.org/specs/ltiv1p1/implementation-guide):
 * a basic-lti-launch-request form, OAuth 1.0a signed with the tool's consumer key and secret, with the parameters
 * Canvas sends (lis_person_* per the privacy level, custom_* substituted, the Basic Outcomes address for students on
 * a graded link, Canvas's ext_outcome_* extensions).
 */

/** Links of a 1.1 tool live with the 1.3 ones, under a client id no registration can produce. */
export const lti11ClientId = (consumerKey: string) => `lti11:${consumerKey}`;

// LTI 1.1 role names for the personas' 1.3 roles (LTI 1.1 Implementation Guide Appendix A).
const LTI11_ROLE: Record<string, string> = {
  [ROLES.instructor]: "Instructor",
  [ROLES.learner]: "Learner",
  [ROLES.teachingAssistant]: "urn:lti:role:ims/lis/TeachingAssistant",
  [ROLES.contentDeveloper]: "ContentDeveloper",
  [ROLES.faculty]: "urn:lti:instrole:ims/lis/Faculty",
  [ROLES.student]: "urn:lti:instrole:ims/lis/Student",
};

export const lti11LaunchRequest = z.object({
  consumerKey: z.string().min(1).max(200),
  person: z.string().min(1).max(100),
  kind: z.enum(["resource_link", "course_navigation"]).default("resource_link"),
  contextId: z.string().min(1).max(200).default(DEFAULT_CONTEXT_ID),
  resourceLinkId: z.string().max(100).optional(),
});
export type Lti11LaunchRequest = z.input<typeof lti11LaunchRequest>;

/** The context's first 1.1 link, made on first use like the 1.3 default one (due in a week). */
async function defaultLink(clientId: string, contextId: string): Promise<DevLmsResourceLink> {
  const [first] = await selectDevLmsResourceLinks({ clientId, contextId });
  if (first) return first;
  const day = 24 * 60 * 60 * 1000;
  const now = Date.now();
  return insertDevLmsResourceLink({
    values: {
      clientId,
      contextId,
      title: "Assignment 1: Hello, Python (LTI 1.1)",
      custom: {},
      dueAt: new Date(Math.ceil((now + 7 * day) / day) * day),
      lockAt: new Date(Math.ceil((now + 8 * day) / day) * day),
      unlockAt: new Date(Math.floor((now - day) / day) * day),
    },
  });
}

/** Stores a launch to be signed when its frame opens. */
export async function createLti11Launch(input: Lti11LaunchRequest): Promise<DevLmsLti11Launch> {
  const r = lti11LaunchRequest.parse(input);
  const tool = await selectOptionalDevLmsLti11Tool({ consumerKey: r.consumerKey });
  if (!tool) throw new Error(`No LTI 1.1 tool with consumer key ${r.consumerKey}.`);
  const person = findPerson(r.person);
  if (!person) throw new Error(`Unknown person "${r.person}".`);
  const clientId = lti11ClientId(tool.consumerKey);
  const link =
    r.kind === "course_navigation"
      ? null
      : r.resourceLinkId
        ? await selectDevLmsResourceLink({ clientId, unsafeResourceLinkId: r.resourceLinkId })
        : await defaultLink(clientId, r.contextId);
  return insertDevLmsLti11Launch({
    values: { consumerKey: tool.consumerKey, contextId: r.contextId, person: person.key, kind: r.kind, resourceLinkId: link?.id ?? null },
  });
}

/**
 * lis_result_sourcedid: names the link and user, with a MAC under the shared secret so a tool cannot write another
 * student's grade by editing it (Canvas's sourcedids are signed too).
 */
export function sourcedIdFor(tool: DevLmsLti11Tool, linkId: string, userId: string): string {
  const mac = createHmac("sha256", tool.secret).update(`${linkId}~${userId}`).digest("base64url").slice(0, 22);
  return `${linkId}~${userId}~${mac}`;
}

/** The link and user a sourcedId names, or null when it is not one this tool was given. */
export function parseSourcedId(tool: DevLmsLti11Tool, sourcedId: string): { linkId: string; userId: string } | null {
  const [linkId, userId, mac] = sourcedId.split("~");
  if (!linkId || !userId || !mac || sourcedId.split("~").length !== 3) return null;
  const expected = Buffer.from(sourcedIdFor(tool, linkId, userId));
  const given = Buffer.from(sourcedId);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { linkId, userId } : null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : "");

function personParams(person: Person, privacy: DevLmsLti11Tool["privacyLevel"]): Record<string, string> {
  const name = privacy === "public" || privacy === "name_only";
  const email = privacy === "public" || privacy === "email_only";
  return {
    ...(name && person.name && { lis_person_name_full: person.name, lis_person_name_given: person.givenName ?? "", lis_person_name_family: person.familyName ?? "" }),
    ...(email && person.email && { lis_person_contact_email_primary: person.email }),
    ...(privacy === "public" && { lis_person_sourcedid: `sis-${person.userId}` }),
  };
}

/** The signed form (action URL and ordered fields) for a stored launch; a fresh nonce and timestamp each time. */
export function signedLti11Launch(input: { launch: DevLmsLti11Launch; tool: DevLmsLti11Tool; link: DevLmsResourceLink | null; lmsOrigin: string }) {
  const { launch, tool, link, lmsOrigin } = input;
  const person = findPerson(launch.person)!;
  const context = contextInfo(launch.contextId);
  const navigation = launch.kind === "course_navigation";
  const url = navigation ? (tool.courseNavigationUrl ?? tool.launchUrl) : tool.launchUrl;
  const resourceLinkId = navigation ? `nav-${launch.contextId}` : link!.id;
  const roles = person.roles.map((r) => LTI11_ROLE[r]).filter(Boolean);
  const extRoles = person.roles.includes(ROLES.testUser) ? [...roles, ROLES.testUser] : roles;
  const vars: Record<string, string | undefined> = {
    "$Canvas.course.id": launch.contextId,
    "$Canvas.user.id": person.userId,
    "$Canvas.assignment.id": link?.id,
    "$Canvas.assignment.dueAt.iso8601": link ? iso(link.dueAt) : undefined,
    "$Canvas.assignment.lockAt.iso8601": link ? iso(link.lockAt) : undefined,
    "$Canvas.assignment.unlockAt.iso8601": link ? iso(link.unlockAt) : undefined,
  };
  const custom = substitute({ ...tool.custom, ...(link?.custom ?? {}) }, vars);
  const graded = !navigation && person.roles.includes(ROLES.learner);
  const params: Record<string, string> = {
    lti_message_type: "basic-lti-launch-request",
    lti_version: "LTI-1p0",
    resource_link_id: resourceLinkId,
    resource_link_title: link?.title ?? "Course navigation",
    user_id: person.userId,
    roles: roles.join(","),
    ext_roles: extRoles.join(","),
    ...personParams(person, tool.privacyLevel),
    context_id: launch.contextId,
    context_title: context.title,
    context_label: context.label,
    context_type: "CourseSection",
    lis_course_section_sourcedid: `${launch.contextId}-${person.section ?? "A"}`,
    tool_consumer_info_product_family_code: "canvas",
    tool_consumer_info_version: "cloud",
    tool_consumer_instance_guid: `lantern-dev-lms-${new URL(lmsOrigin).host}`,
    tool_consumer_instance_name: "Lantern dev LMS",
    launch_presentation_document_target: "iframe",
    launch_presentation_locale: "en",
    launch_presentation_return_url: `${lmsOrigin}/dev/lms/lti11?context=${encodeURIComponent(launch.contextId)}&returned=${launch.id}`,
    ...Object.fromEntries(Object.entries(custom).map(([k, v]) => [`custom_${k.toLowerCase()}`, v])),
    ...(graded && {
      lis_outcome_service_url: `${lmsOrigin}/dev/lms/lti11/outcomes`,
      lis_result_sourcedid: sourcedIdFor(tool, link!.id, person.userId),
      ext_outcome_data_values_accepted: "url,text,lti_launch_url",
      ext_outcome_result_total_score_accepted: "true",
      ext_outcome_submission_submitted_at_accepted: "true",
    }),
  };
  const fields: OAuthParam[] = signFormParameters({ url, params: Object.entries(params), consumerKey: tool.consumerKey, consumerSecret: tool.secret });
  return { action: url, fields };
}
