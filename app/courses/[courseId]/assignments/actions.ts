"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action, formAction, type ActionState } from "@/lib/auth/action";
import { requireCourseRole } from "@/lib/auth/authz";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { parseEditorPayload } from "@/lib/assignments/editor-payload";
import { badRequest } from "@/lib/errors";
import { enqueueReferenceCheck } from "@/lib/grading/reference-check";
import { renderMarkdown } from "@/lib/markdown";
import {
  copyAssignments,
  deleteAssignment,
  insertAuthoredAssignment,
  restoreAssignment,
  selectStaffAssignment,
  SlugTakenError,
  updateAssignmentContent,
} from "@/lib/models/assignment-authoring";

const save = z.object({
  courseId: z.string(),
  assignmentId: z.string().optional(),
  revision: z.coerce.number().int().optional(),
  payload: z.string().max(2_000_000, "This assignment is too large to save."),
});

const slugError = (slug: string) => badRequest("That short name is taken.", { slug: [`Another assignment in this course is already called “${slug}”.`] });

/** Creates or saves an assignment from the editor; Post/Redirect/Get back to the editor. */
export const saveAssignmentAction = action({ access: { courseRoles: STAFF_ROLES }, schema: save }, async (input, { authz }) => {
  const course = authz;
  const { content, groupId } = parseEditorPayload(input.payload, course.course.timeZone);
  try {
    if (!input.assignmentId) {
      const created = await insertAuthoredAssignment({ authz: course, content, groupId });
      redirect(`/courses/${course.course.id}/assignments/${created.id}/edit?saved=created`);
    }
    const assignment = await selectStaffAssignment({ authz: course, unsafeAssignmentId: input.assignmentId });
    await updateAssignmentContent({ authz: course, assignment, revision: input.revision ?? -1, content, groupId });
  } catch (error) {
    if (error instanceof SlugTakenError) throw slugError(error.message);
    throw error;
  }
  revalidatePath(`/courses/${course.course.id}`);
  redirect(`/courses/${course.course.id}/assignments/${input.assignmentId}/edit?saved=1`);
});

const one = z.object({ courseId: z.string(), assignmentId: z.string() });

/** Soft-deletes an assignment and returns to the course page, which offers Undo. */
export const deleteAssignmentAction = formAction({ access: { courseRoles: STAFF_ROLES }, schema: one }, async (input, { authz }) => {
  const assignment = await selectStaffAssignment({ authz: authz, unsafeAssignmentId: input.assignmentId });
  await deleteAssignment({ authz: authz, assignment });
  revalidatePath(`/courses/${authz.course.id}`);
  redirect(`/courses/${authz.course.id}?deleted=${assignment.id}`);
});

/** Undoes a delete. */
export const restoreAssignmentAction = formAction({ access: { courseRoles: STAFF_ROLES }, schema: one }, async (input, { authz }) => {
  const assignment = await selectStaffAssignment({ authz: authz, unsafeAssignmentId: input.assignmentId, includeDeleted: true });
  await restoreAssignment({ authz: authz, assignment });
  revalidatePath(`/courses/${authz.course.id}`);
  redirect(`/courses/${authz.course.id}?restored=${assignment.id}`);
});

/** Duplicates an assignment in its course, as a draft, and opens the copy. */
export const duplicateAssignmentAction = formAction({ access: { courseRoles: STAFF_ROLES }, schema: one }, async (input, { authz }) => {
  const assignment = await selectStaffAssignment({ authz: authz, unsafeAssignmentId: input.assignmentId });
  const [copy] = await copyAssignments({ authz: authz, from: authz, sources: [assignment] });
  redirect(`/courses/${authz.course.id}/assignments/${copy.id}/edit?saved=duplicated`);
});

const copyForm = z.object({
  courseId: z.string(),
  fromCourseId: z.string(),
  assignment: z.array(z.string()).min(1, "Pick at least one assignment.").max(100),
});

/** Copies assignments from another course the caller teaches into this one, as drafts. */
export const copyFromCourseAction = action(
  { access: { courseRoles: STAFF_ROLES }, schema: copyForm, arrays: ["assignment"] },
  async (input, { authz }) => {
    const from = await requireCourseRole({ unsafeCourseId: input.fromCourseId, roles: STAFF_ROLES, session: authz.session });
    const sources = [];
    for (const id of input.assignment) sources.push(await selectStaffAssignment({ authz: from, unsafeAssignmentId: id }));
    const copies = await copyAssignments({ authz: authz, from, sources });
    revalidatePath(`/courses/${authz.course.id}`);
    redirect(`/courses/${authz.course.id}?copied=${copies.length}`);
  },
);

/**
 * The instructions preview: the same renderMarkdown the student's page uses, so staff see exactly what students
 * will. Staff only; it reads nothing and changes nothing.
 */
export async function previewInstructions(courseId: string, markdown: string): Promise<string> {
  await requireCourseRole({ unsafeCourseId: courseId, roles: STAFF_ROLES });
  return renderMarkdown(String(markdown).slice(0, 100_000));
}

const check = z.object({ courseId: z.string(), assignmentId: z.string(), payload: z.string().max(2_000_000) });

/** Queues the editor's current tests against its current reference solution in the real grader. */
export const referenceCheckAction = action({ access: { courseRoles: STAFF_ROLES }, schema: check }, async (input, { authz }): Promise<ActionState<{ checkId: string }>> => {
  const assignment = await selectStaffAssignment({ authz, unsafeAssignmentId: input.assignmentId });
  const { content } = parseEditorPayload(input.payload, authz.course.timeZone);
  if (content.referenceFiles.length === 0) return { message: "Add the reference solution's files first." };
  const { checkId } = await enqueueReferenceCheck({
    authz,
    assignment,
    files: content.referenceFiles,
    tests: { functionTests: content.functionTests, ioCases: content.ioCases },
  });
  return { ok: true, data: { checkId } };
});
