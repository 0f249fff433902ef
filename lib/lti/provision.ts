import { systemAuthz } from "@/lib/auth/authz";
import { isStaffRole, type CourseRole } from "@/lib/auth/roles";
import { ensureExchangeUser, usernameBase } from "@/lib/models/exchange-members";
import { selectLaunchState, type LaunchState } from "@/lib/models/launch-state";
import {
  createLtiContext,
  createLtiUser,
  ensureResourceLink,
  refreshLtiContext,
  refreshLtiUser,
  selectOptionalAssignmentIdInCourse,
  updateContextStaffLaunched,
  type LtiContext,
  type LtiResourceLink,
} from "@/lib/models/lti-launches";
import { matchLti11Records } from "@/lib/lti11/migration";
import { recordMemberLaunch } from "@/lib/models/roster";
import type { User } from "@/lib/models/users";
import { CLAIM, RESOURCE_LINK_REQUEST } from "./claims";
import { courseRoleFromLti, isTestUserLaunch } from "./roles";
import type { VerifiedLaunch } from "./verify";

/** The custom parameter a deep-linked resource link carries to name its Lantern assignment. */
export const ASSIGNMENT_CUSTOM_PARAM = "lantern_assignment_id";

export type Provisioned = {
  user: User;
  context: LtiContext;
  role: CourseRole;
  resourceLink: LtiResourceLink | null;
  /**
   * What the launch's lookup already knows for completeLaunch, so it writes only what changed: the LMS dates on the
   * student's work row for the link's assignment (null: no row yet), and whether any of their grades wait for their
   * LMS identity.
   */
  known: { work: LaunchState["work"]; waitingGrades: boolean };
};

/** How stale a recorded launch may get before a launch writes it again. */
const LAUNCH_RECORD_MS = 10 * 60_000;

/** Section ids from the LIS claim (a comma-separated list when the member is in several sections). */
function sectionIds(sourcedId: string | null | undefined): string[] {
  return [...new Set((sourcedId ?? "").split(",").map((s) => s.trim()).filter(Boolean))].slice(0, 20).sort();
}

function optionalText(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * Creates or updates the user (platform + sub), the course (platform + context id), the enrollment with the mapped
 * role, and — for resource links — the link and its service claims (AGS/NRPS endpoints, custom variables).
 */
export async function provisionLaunch(launch: VerifiedLaunch): Promise<Provisioned> {
  // A 1.3 launch continuing an LTI 1.1 installation reuses its user, course and links (nothing duplicated).
  await matchLti11Records(launch);
  const { claims, platform, deployment } = launch;
  const roles = claims[CLAIM.roles];
  const name =
    optionalText(claims.name) ?? optionalText([claims.given_name, claims.family_name].filter(Boolean).join(" "));
  const ctx = claims[CLAIM.context];
  const ags = claims[CLAIM.ags];
  const link = claims[CLAIM.messageType] === RESOURCE_LINK_REQUEST ? claims[CLAIM.resourceLink] : undefined;
  // One statement reads every row this launch may touch; below, only what is missing or changed is written.
  const state = await selectLaunchState({
    platformId: platform.id,
    contextId: ctx.id,
    sub: claims.sub,
    deploymentRowId: deployment.id,
    resourceLinkId: link?.id ?? null,
  });
  const contextInput = {
    platformId: platform.id,
    contextId: ctx.id,
    title: optionalText(ctx.title),
    label: optionalText(ctx.label),
    nrpsUrl: claims[CLAIM.nrps]?.context_memberships_url,
    ags: ags ? { scope: ags.scope, lineitems: ags.lineitems } : undefined,
  };
  const context = state.context ? await refreshLtiContext(state.context, contextInput) : await createLtiContext(contextInput);
  const userInput = {
    platformId: platform.id,
    sub: claims.sub,
    name,
    email: optionalText(claims.email),
    isTestUser: isTestUserLaunch(roles),
    courseId: context.courseId,
  };
  const { user, enrollment } = state.user
    ? { user: await refreshLtiUser(state.user, userInput), enrollment: state.enrollment }
    : await createLtiUser(userInput);
  // Users with no mapped role (e.g. only "Member") get the least privilege. The LMS is the source of truth for the
  // role: a changed role (or a re-enrolment) is written, an unchanged one costs nothing, and the "last launch" the
  // roster shows is refreshed at most every LAUNCH_RECORD_MS (launches are the hottest path).
  const role = courseRoleFromLti(roles) ?? "student";
  const now = new Date();
  const sections = sectionIds(claims[CLAIM.lis]?.course_section_sourcedid);
  const stale = !enrollment?.lastLaunchAt || now.getTime() - enrollment.lastLaunchAt.getTime() > LAUNCH_RECORD_MS;
  if (enrollment?.role !== role || enrollment.status !== "active" || stale || enrollment.sections.join() !== sections.join()) {
    // The member's nbgrader id (the username the exchange API acts as) exists from their first launch, so staff can
    // match nbgrader's gradebook to the roster before anyone uses the exchange. Only when the enrollment is written
    // (first launch, or every LAUNCH_RECORD_MS): a returning launch costs nothing more. A new user's is inserted in
    // the same statement as the enrollment; a taken name, or a user who launched before, goes through ensureExchangeUser.
    const fresh = !state.user;
    const { exchangeUserInserted } = await recordMemberLaunch(systemAuthz(), {
      context,
      userId: user.id,
      role,
      roles,
      sections,
      at: now,
      newExchangeUsername: fresh ? usernameBase(user.name, user.email) : null,
    });
    if (!exchangeUserInserted) await ensureExchangeUser({ user });
  }
  if (isStaffRole(role) && !context.staffLaunchedAt) await updateContextStaffLaunched({ context, at: now });

  let resourceLink: LtiResourceLink | null = null;
  if (link) {
    const custom = claims[CLAIM.custom];
    const named = custom?.[ASSIGNMENT_CUSTOM_PARAM];
    // A link already connected to the named assignment keeps it whatever the lookup would say, so it is not repeated.
    const assignmentId =
      typeof named === "string" && named !== state.link?.assignmentId
        ? ((await selectOptionalAssignmentIdInCourse({ courseId: context.courseId, unsafeAssignmentId: named })) ?? undefined)
        : undefined;
    resourceLink = await ensureResourceLink({
      deploymentRowId: deployment.id,
      contextRowId: context.id,
      resourceLinkId: link.id,
      title: optionalText(link.title),
      ags: ags ? { scope: ags.scope, lineitems: ags.lineitems, lineitem: ags.lineitem } : undefined,
      custom,
      assignmentId,
      existing: state.link,
    });
  }
  // The work row the lookup saw belongs to the link's assignment as it was: it only stands if that is unchanged (null
  // makes completeLaunch upsert, which is always right).
  const work = state.link && resourceLink?.assignmentId === state.link.assignmentId ? state.work : null;
  return { user, context, role, resourceLink, known: { work, waitingGrades: state.waitingGrades } };
}
