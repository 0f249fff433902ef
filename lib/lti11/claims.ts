import { z } from "zod";
import { CLAIM, launchClaimsSchema, RESOURCE_LINK_REQUEST, type LaunchClaims } from "@/lib/lti/claims";
import { LaunchRefusal } from "@/lib/lti/refusal";
import { TEST_USER_ROLE } from "@/lib/lti/roles";
import { LTI11_DEPLOYMENT_ID } from "@/lib/models/lti11-consumers";

/**
 * LTI 1.1 role names (LTI 1.1 Implementation Guide Appendix A, https://www.imsglobal.org/specs/ltiv1p1/implementation-guide#toc-30)
 * as the LTI 1.3 vocabulary lib/lti/roles.ts maps to course roles: context roles `urn:lti:role:ims/lis/<Role>[/<Sub>]`
 * (or the bare names "Instructor", "Learner"…), institution roles `urn:lti:instrole:ims/lis/<Role>`, system roles
 * `urn:lti:sysrole:ims/lis/<Role>`. Names compare case-insensitively (consumers send "urn:lti:instrole:ims/lis/administrator").
 */
const CONTEXT_ROLES = ["Learner", "Instructor", "ContentDeveloper", "Member", "Manager", "Mentor", "Administrator", "TeachingAssistant"];
const INSTITUTION_ROLES = ["Student", "Faculty", "Member", "Learner", "Instructor", "Mentor", "Staff", "Alumni", "ProspectiveStudent", "Guest", "Other", "Administrator", "Observer", "None"];
const SYSTEM_ROLES = ["SysAdmin", "SysSupport", "Creator", "AccountAdmin", "User", "Administrator", "None"];
const LIS = "http://purl.imsglobal.org/vocab/lis/v2";

function canonical(name: string, known: string[]): string | undefined {
  return known.find((k) => k.toLowerCase() === name.toLowerCase());
}

/** One LTI 1.1 role as an LTI 1.3 role URI, or null when it is not one Lantern recognises. */
export function roleUri(role: string): string | null {
  const value = role.trim();
  if (value === TEST_USER_ROLE) return value;
  const context = value.match(/^urn:lti:role:ims\/lis\/([A-Za-z]+)(?:\/([A-Za-z]+))?$/i) ?? value.match(/^([A-Za-z]+)$/);
  if (context) {
    const main = canonical(context[1], CONTEXT_ROLES);
    if (!main) return null;
    // LTI 1.1 spells a TA "TeachingAssistant" (a context role); 1.3 calls it Instructor#TeachingAssistant.
    if (main === "TeachingAssistant") return `${LIS}/membership/Instructor#TeachingAssistant`;
    return context[2] ? `${LIS}/membership/${main}#${context[2]}` : `${LIS}/membership#${main}`;
  }
  const institution = value.match(/^urn:lti:instrole:ims\/lis\/([A-Za-z]+)$/i);
  if (institution) {
    const name = canonical(institution[1], INSTITUTION_ROLES);
    return name ? `${LIS}/institution/person#${name}` : null;
  }
  const system = value.match(/^urn:lti:sysrole:ims\/lis\/([A-Za-z]+)$/i);
  if (system) {
    const name = canonical(system[1], SYSTEM_ROLES);
    return name ? `${LIS}/system/person#${name}` : null;
  }
  return null;
}

/**
 * The launch's roles as 1.3 URIs. `roles` is a comma-separated list (LTI 1.1 §4 "roles"); the preview user is
 * recognised by the LIS TestUser system role in `roles` or `ext_roles` (as 1.3 marks Canvas's Test Student).
 */
export function rolesFromLti11(roles: string | undefined, extRoles: string | undefined): string[] {
  const mapped = (roles ?? "").split(",").map(roleUri).filter((r): r is string => r !== null);
  const testUser = [...(roles ?? "").split(","), ...(extRoles ?? "").split(",")].some((r) => r.trim() === TEST_USER_ROLE);
  return [...new Set([...mapped, ...(testUser ? [TEST_USER_ROLE] : [])])].slice(0, 100);
}

/** Custom parameters without their `custom_` prefix (LTI 1.1 §4: the consumer adds it; names are lower-cased). */
export function customFromLti11(params: Record<string, string>): Record<string, string> | undefined {
  const entries = Object.entries(params)
    .filter(([name]) => name.startsWith("custom_") && name.length > "custom_".length)
    .map(([name, value]) => [name.slice("custom_".length), value] as const);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** What Basic Outcomes needs from a launch (LTI 1.1 §6: present only when the link accepts a grade). */
export type OutcomeParams = { serviceUrl: string; sourcedId: string; dataValuesAccepted: string | null } | null;

const outcomeSchema = z.object({
  lis_outcome_service_url: z.url().max(2048).refine((u) => /^https?:/.test(u), "must be http(s)"),
  lis_result_sourcedid: z.string().min(1).max(2000),
  ext_outcome_data_values_accepted: z.string().max(200).optional(),
});

export function outcomeFromLti11(params: Record<string, string>): OutcomeParams {
  if (!params.lis_outcome_service_url && !params.lis_result_sourcedid) return null;
  const parsed = outcomeSchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LaunchRefusal("claims_invalid", `Parameter ${issue.path.join(".")}: ${issue.message}`);
  }
  const data = parsed.data;
  return { serviceUrl: data.lis_outcome_service_url, sourcedId: data.lis_result_sourcedid, dataValuesAccepted: data.ext_outcome_data_values_accepted ?? null };
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * An LTI 1.1 launch's parameters as the LTI 1.3 claims Lantern provisions from (LTI 1.3 Core Appendix "LTI 1.1
 * parameter names", https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim maps one to the other):
 * user_id → sub, context_* → context, resource_link_* → resource_link, lis_person_* → name and email, roles → roles,
 * custom_* → custom. Then the 1.3 claim schema checks their shapes, so both versions meet the same limits.
 */
export function claimsFromLti11(params: Record<string, string>, launchUrl: string): LaunchClaims {
  const required = ["user_id", "context_id", "resource_link_id"].filter((name) => !text(params[name]));
  if (required.length > 0) throw new LaunchRefusal("claims_missing", `Missing parameter(s): ${required.join(", ")}.`);
  const claims = {
    sub: params.user_id,
    name: text(params.lis_person_name_full),
    given_name: text(params.lis_person_name_given),
    family_name: text(params.lis_person_name_family),
    email: text(params.lis_person_contact_email_primary),
    [CLAIM.messageType]: RESOURCE_LINK_REQUEST,
    [CLAIM.deploymentId]: LTI11_DEPLOYMENT_ID,
    [CLAIM.targetLinkUri]: launchUrl,
    [CLAIM.roles]: rolesFromLti11(params.roles, params.ext_roles),
    [CLAIM.resourceLink]: { id: params.resource_link_id, title: text(params.resource_link_title) },
    [CLAIM.context]: { id: params.context_id, label: text(params.context_label), title: text(params.context_title) },
    [CLAIM.custom]: customFromLti11(params),
    [CLAIM.lis]: params.lis_course_section_sourcedid ? { course_section_sourcedid: params.lis_course_section_sourcedid } : undefined,
  };
  const parsed = launchClaimsSchema.safeParse(claims);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LaunchRefusal("claims_invalid", `Parameter for ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}
