import { and, desc, eq, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import type { SystemAuthz } from "@/lib/auth/authz";

const { submissions, assignments, users, ltiResourceLinks, ltiDeployments, ltiPlatforms, ltiContexts, ltiUsers, lmsLineItems, lti11Consumers, lti11OutcomeTargets } =
  schema;

/** Where and as whom a submission's grade goes in the LMS, or why it cannot go yet. */
export type DeliveryTarget =
  | {
      kind: "ready";
      platformId: string;
      isCanvas: boolean;
      lmsUserId: string;
      /** The line item from the launch/Deep Linking, or the one Lantern found/created earlier; null if neither. */
      lineItemUrl: string | null;
      lineItemsUrl: string | null;
      resourceLinkRowId: string;
      resourceLinkId: string;
      assignmentId: string;
      label: string;
      submittedAt: Date | null;
    }
  | {
      /** An LTI 1.1 consumer: the grade goes over Basic Outcomes to the student's own result (lib/lti11). */
      kind: "basic_outcomes";
      platformId: string;
      /** tool_consumer_info_product_family_code "canvas": submittedAt and ltiLaunchUrl extensions are sent. */
      isCanvas: boolean;
      serviceUrl: string;
      sourcedId: string;
      /** ext_outcome_data_values_accepted includes lti_launch_url (Canvas: SpeedGrader opens the work). */
      acceptsLaunchUrl: boolean;
      submissionId: string;
      submittedAt: Date | null;
    }
  | { kind: "waiting"; reason: string };

const CANVAS_ISSUERS = /(^|\.)instructure\.com$/;

/**
 * The LMS placement a submission's grade belongs to: its own resource link, or — for work started outside a launch
 * (e.g. the student opened Lantern directly) — the assignment's most recently launched link on a platform where the
 * student has an LMS identity.
 */
async function linkForSubmission(submissionId: string): Promise<string | null> {
  const [own] = await db()
    .select({ linkId: submissions.resourceLinkRowId, assignmentId: submissions.assignmentId, userId: submissions.userId })
    .from(submissions)
    .where(eq(submissions.id, submissionId));
  if (!own) return null;
  if (own.linkId) return own.linkId;
  const [fallback] = await db()
    .select({ id: ltiResourceLinks.id })
    .from(ltiResourceLinks)
    .innerJoin(ltiDeployments, eq(ltiDeployments.id, ltiResourceLinks.deploymentRowId))
    .innerJoin(ltiUsers, and(eq(ltiUsers.platformId, ltiDeployments.platformId), eq(ltiUsers.userId, own.userId)))
    .where(eq(ltiResourceLinks.assignmentId, own.assignmentId))
    .orderBy(desc(ltiResourceLinks.updatedAt))
    .limit(1);
  return fallback?.id ?? null;
}

/** Resolves the LMS target of a submission's grade from its resource link, platform and the student's LMS id. */
export async function selectDeliveryTarget(_authz: SystemAuthz, { submissionId }: { submissionId: string }): Promise<DeliveryTarget> {
  const linkId = await linkForSubmission(submissionId);
  const [row] = await db()
    .select({
      submittedAt: submissions.submittedAt,
      assignmentId: assignments.id,
      title: assignments.title,
      userId: submissions.userId,
      resourceLinkRowId: ltiResourceLinks.id,
      resourceLinkId: ltiResourceLinks.resourceLinkId,
      linkAgs: ltiResourceLinks.ags,
      contextAgs: ltiContexts.ags,
      platformId: ltiPlatforms.id,
      issuer: ltiPlatforms.issuer,
      platformActive: ltiPlatforms.active,
      lmsUserId: ltiUsers.sub,
      knownLineItem: lmsLineItems.lineItemUrl,
      ltiVersion: ltiPlatforms.ltiVersion,
      productFamily: lti11Consumers.productFamily,
      outcomeServiceUrl: lti11OutcomeTargets.serviceUrl,
      outcomeSourcedId: lti11OutcomeTargets.sourcedId,
      outcomeDataValues: lti11OutcomeTargets.dataValuesAccepted,
    })
    .from(submissions)
    .innerJoin(assignments, eq(assignments.id, submissions.assignmentId))
    .innerJoin(users, eq(users.id, submissions.userId))
    .leftJoin(ltiResourceLinks, linkId ? eq(ltiResourceLinks.id, linkId) : sql`false`)
    .leftJoin(ltiDeployments, eq(ltiDeployments.id, ltiResourceLinks.deploymentRowId))
    .leftJoin(ltiPlatforms, eq(ltiPlatforms.id, ltiDeployments.platformId))
    .leftJoin(ltiContexts, eq(ltiContexts.id, ltiResourceLinks.contextRowId))
    .leftJoin(ltiUsers, and(eq(ltiUsers.platformId, ltiPlatforms.id), eq(ltiUsers.userId, submissions.userId)))
    .leftJoin(lmsLineItems, eq(lmsLineItems.resourceLinkRowId, ltiResourceLinks.id))
    .leftJoin(lti11Consumers, eq(lti11Consumers.platformId, ltiPlatforms.id))
    .leftJoin(
      lti11OutcomeTargets,
      and(eq(lti11OutcomeTargets.resourceLinkRowId, ltiResourceLinks.id), eq(lti11OutcomeTargets.userId, submissions.userId)),
    )
    .where(eq(submissions.id, submissionId))
    .limit(1);

  if (!row) return { kind: "waiting", reason: "The submission no longer exists." };
  if (!row.resourceLinkRowId || !row.platformId) {
    return { kind: "waiting", reason: "Waiting for the student's first launch from the LMS." };
  }
  if (!row.lmsUserId) return { kind: "waiting", reason: "Waiting for the student's first launch from the LMS." };
  if (!row.platformActive) return { kind: "waiting", reason: "The LMS registration is deactivated." };
  if (row.ltiVersion === "1.1") {
    if (!row.outcomeServiceUrl || !row.outcomeSourcedId) {
      return { kind: "waiting", reason: "Waiting for the student to launch from a graded LMS link (LTI 1.1 sends the grade address with each launch)." };
    }
    return {
      kind: "basic_outcomes",
      platformId: row.platformId,
      isCanvas: row.productFamily === "canvas",
      serviceUrl: row.outcomeServiceUrl,
      sourcedId: row.outcomeSourcedId,
      acceptsLaunchUrl: (row.outcomeDataValues ?? "").split(",").map((v) => v.trim()).includes("lti_launch_url"),
      submissionId,
      submittedAt: row.submittedAt,
    };
  }
  const lineItemsUrl = row.linkAgs?.lineitems ?? row.contextAgs?.lineitems ?? null;
  const lineItemUrl = row.linkAgs?.lineitem ?? row.knownLineItem ?? null;
  if (!lineItemUrl && !lineItemsUrl) {
    return { kind: "waiting", reason: "The LMS did not grant grade passback (no AGS line item) for this link." };
  }
  return {
    kind: "ready",
    platformId: row.platformId,
    isCanvas: CANVAS_ISSUERS.test(new URL(row.issuer!).hostname),
    lmsUserId: row.lmsUserId,
    lineItemUrl,
    lineItemsUrl,
    resourceLinkRowId: row.resourceLinkRowId,
    resourceLinkId: row.resourceLinkId!,
    assignmentId: row.assignmentId,
    label: row.title,
    submittedAt: row.submittedAt,
  };
}
