"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/auth/action";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { selectStaffAssignment, updateNotebookAssignment } from "@/lib/models/assignment-authoring";
import { notebookSettingsForm, parseDueAt } from "../new-notebook/schema";

/** Saves a notebook assignment's title, points and due date (instructors; TAs when the course lets them edit). */
export const updateNotebookSettingsAction = action({ access: { courseRoles: STAFF_ROLES }, schema: notebookSettingsForm }, async (input, { authz }) => {
  const assignment = await selectStaffAssignment({ authz, unsafeAssignmentId: input.assignmentId });
  const dueAt = parseDueAt(input.dueAt, authz.course.timeZone);
  await updateNotebookAssignment({ authz, assignment, title: input.title, points: input.points, dueAt });
  revalidatePath(`/courses/${authz.course.id}/assignments/${assignment.id}`);
  return { ok: true, message: "Saved." };
});
