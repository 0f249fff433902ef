import { systemAuthz, type CourseAuthz } from "@/lib/auth/authz";
import { requeueWaitingForAssignment } from "@/lib/models/grade-outbox";
import { updateResourceLinkAssignment, type LtiResourceLink } from "@/lib/models/lti-launches";
import { notifyGradeChanges } from "@/lib/passback/notify";

/**
 * Connects an LMS link made without Deep Linking to an assignment of its course, once. Grades of that assignment
 * that were waiting for an LMS link (students who worked outside a launch) are queued for delivery through it.
 * Returns false when the link was already connected.
 */
export async function connectLinkToAssignment({
  authz,
  link,
  assignmentId,
}: {
  authz: CourseAuthz;
  link: LtiResourceLink;
  assignmentId: string;
}): Promise<boolean> {
  if (!(await updateResourceLinkAssignment({ authz, link, assignmentId }))) return false;
  await notifyGradeChanges(await requeueWaitingForAssignment(systemAuthz(), { assignmentId }));
  return true;
}
