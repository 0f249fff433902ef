"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { formAction } from "@/lib/auth/action";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { enqueueRegrade } from "@/lib/grading/reference-check";
import { selectStaffAssignment } from "@/lib/models/assignment-authoring";

const form = z.object({ courseId: z.string(), assignmentId: z.string() });

/** Re-runs the latest submission of every student with the current tests, at bulk priority; then shows progress. */
export const regradeAction = formAction({ access: { courseRoles: STAFF_ROLES }, schema: form }, async (input, { authz }) => {
  const assignment = await selectStaffAssignment({ authz, unsafeAssignmentId: input.assignmentId });
  const since = new Date(Date.now() - 1000).toISOString();
  const { queued } = await enqueueRegrade({ authz, assignment });
  redirect(`/courses/${authz.course.id}/assignments/${assignment.id}/regrade?since=${encodeURIComponent(since)}&queued=${queued}`);
});
