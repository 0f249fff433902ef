"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { pointsSchema } from "@/lib/assignments/points";
import { action } from "@/lib/auth/action";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import { connectLinkToAssignment } from "@/lib/lti/connect-link";
import { insertAssignmentFromLms } from "@/lib/lti/new-assignment";
import { selectOptionalCourseResourceLink } from "@/lib/models/lti-launches";

const base = { courseId: z.string(), linkId: z.string() };
const connect = z.discriminatedUnion("intent", [
  z.object({ ...base, intent: z.literal("pick"), assignment: z.uuid("Choose an assignment.") }),
  z.object({
    ...base,
    intent: z.literal("create"),
    title: z.string().trim().min(1, "Give the assignment a title.").max(200),
    points: pointsSchema,
  }),
]);

/** Connects an LMS link made without Deep Linking to an existing or a new assignment, then opens it. */
export const connectLinkAction = action({ access: { courseRoles: STAFF_ROLES }, schema: connect }, async (input, { authz }) => {
  const link = await selectOptionalCourseResourceLink({ authz, unsafeLinkId: input.linkId });
  if (!link) throw notFound("No such LMS link.");
  if (link.assignmentId) return { message: "This link is already connected to an assignment." };
  const assignmentId =
    input.intent === "pick"
      ? input.assignment
      : (await insertAssignmentFromLms({ authz, title: input.title, points: input.points })).id;
  if (!(await connectLinkToAssignment({ authz, link, assignmentId }))) {
    return { message: "This link was connected to an assignment meanwhile." };
  }
  redirect(`/courses/${authz.course.id}/assignments/${assignmentId}`);
});
