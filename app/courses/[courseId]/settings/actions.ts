"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/lib/auth/action";
import { isTimeZone } from "@/lib/time-zone";
import { updateCourseSettings } from "@/lib/models/courses";

const settings = z.object({
  courseId: z.string(),
  timeZone: z.string().trim().refine(isTimeZone, "Choose a time zone such as Europe/Paris, America/New_York or UTC."),
  startsOn: z.union([z.literal(""), z.iso.date("Enter the first day of the course, or leave it empty.")]),
  taCanEdit: z.literal("on").optional(),
});

/** Saves the course's authoring settings (instructors only). */
export const saveCourseSettingsAction = action({ access: { courseRoles: ["instructor"] }, schema: settings }, async (input, { authz }) => {
  await updateCourseSettings({ authz: authz, values: { timeZone: input.timeZone, startsOn: input.startsOn || null, taCanEdit: input.taCanEdit === "on" } });
  revalidatePath(`/courses/${authz.course.id}`, "layout");
  redirect(`/courses/${authz.course.id}/settings?saved=1`);
});
