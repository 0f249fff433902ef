"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { action } from "@/lib/auth/action";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { badRequest } from "@/lib/errors";
import { insertNotebookAssignment, SlugTakenError } from "@/lib/models/assignment-authoring";
import { newNotebookForm, parseDueAt } from "./schema";

/** Creates a notebook (nbgrader) assignment and opens it, where staff see how to release it. */
export const createNotebookAssignmentAction = action({ access: { courseRoles: STAFF_ROLES }, schema: newNotebookForm }, async (input, { authz }) => {
  const dueAt = parseDueAt(input.dueAt, authz.course.timeZone);
  let id: string;
  try {
    ({ id } = await insertNotebookAssignment({ authz, title: input.title, slug: input.slug, points: input.points, dueAt }));
  } catch (error) {
    if (error instanceof SlugTakenError) {
      throw badRequest("That nbgrader name is taken.", { slug: [`Another assignment in this course is already called “${input.slug}”.`] });
    }
    throw error;
  }
  revalidatePath(`/courses/${authz.course.id}`);
  redirect(`/courses/${authz.course.id}/assignments/${id}`);
});
