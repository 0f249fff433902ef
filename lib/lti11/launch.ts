import { isStaffRole } from "@/lib/auth/roles";
import { completeLaunch } from "@/lib/lti/launch";
import { provisionLaunch } from "@/lib/lti/provision";
import { LaunchRefusal, refusalResponse } from "@/lib/lti/refusal";
import type { VerifiedLaunch } from "@/lib/lti/verify";
import {
  ensureOutcomeTarget,
  selectOptionalSubmissionPlacement,
  updateConsumerLaunched,
  updateConsumerLaunchOrigins,
} from "@/lib/models/lti11-consumers";
import { SUBMISSION_LAUNCH_PARAM } from "@/lib/passback/basic-outcomes";
import { claimsFromLti11, outcomeFromLti11 } from "./claims";
import { launchOriginsFromLti11 } from "./launch-origins";
import { verifyLti11Launch } from "./verify";

/**
 * POST /lti/1.1/launch: verify the OAuth 1.0a signed launch, then provision, route and open the session exactly as
 * an LTI 1.3 launch does (lib/lti/launch.ts), so a course can run on either version and move between them.
 */
export async function handleLti11Launch(req: Request): Promise<Response> {
  try {
    const { consumer, params, launchUrl } = await verifyLti11Launch(req);
    const claims = claimsFromLti11(params, launchUrl);
    const outcome = outcomeFromLti11(params);
    const launch: VerifiedLaunch = { kind: "verified", platform: consumer.platform, deployment: consumer.deployment, claims, state: "" };
    const provisioned = await provisionLaunch(launch);
    await updateConsumerLaunched({ consumer: consumer.consumer, productFamily: params.tool_consumer_info_product_family_code?.slice(0, 50), at: new Date() });
    // Before the redirect: the page it lands on is framed by this LMS, and its CSP must already allow it.
    await updateConsumerLaunchOrigins({ consumer: consumer.consumer, origins: launchOriginsFromLti11(params) });
    // Before completeLaunch: grades that waited for this student's LMS identity are requeued there and need the target.
    if (outcome && provisioned.resourceLink) {
      await ensureOutcomeTarget({ resourceLinkRowId: provisioned.resourceLink.id, userId: provisioned.user.id, ...outcome });
    }
    return await completeLaunch(launch, provisioned, { destination: await speedGraderDestination(params, provisioned) });
  } catch (error) {
    if (error instanceof LaunchRefusal) return refusalResponse(error, { step: "lti11_launch" });
    throw error;
  }
}

/**
 * Canvas SpeedGrader launches the ltiLaunchUrl sent with the grade (lib/passback/basic-outcomes.ts): staff land on
 * that student's work. Students (and unknown submissions) take the usual route to their own work.
 */
async function speedGraderDestination(params: Record<string, string>, provisioned: Awaited<ReturnType<typeof provisionLaunch>>) {
  const unsafeSubmissionId = params[SUBMISSION_LAUNCH_PARAM];
  if (!unsafeSubmissionId || !isStaffRole(provisioned.role)) return undefined;
  const courseId = provisioned.context.courseId;
  const placement = await selectOptionalSubmissionPlacement({ courseId, unsafeSubmissionId });
  return placement ? `/courses/${courseId}/assignments/${placement.assignmentId}/students/${placement.userId}` : undefined;
}
