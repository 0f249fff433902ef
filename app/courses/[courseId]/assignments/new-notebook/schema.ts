import { z } from "zod";
import { nbgraderNameSchema } from "@/lib/assignments/nbgrader-name";
import { badRequest } from "@/lib/errors";
import { zonedLocalToUtc } from "@/lib/time-zone";

/** The settings a notebook assignment has in Lantern (its notebooks live in nbgrader). */
export const notebookSettingsFields = {
  courseId: z.string(),
  title: z.string().trim().min(1, "Give the assignment a title.").max(200, "Use at most 200 characters."),
  points: z
    .string()
    .trim()
    .regex(/^\d+(\.\d{1,2})?$/, "Enter the points as a number such as 10 or 12.5.")
    .transform(Number)
    .refine((n) => n <= 10_000, "Use at most 10000 points."),
  /** A wall-clock time in the course's time zone (datetime-local), or empty for none. */
  dueAt: z.string().trim().max(40).default(""),
};

export const newNotebookForm = z.object({
  ...notebookSettingsFields,
  // nbgrader's assignment name (its `assignment_id`): the folder name in the course directory and in the exchange.
  slug: nbgraderNameSchema,
});

export const notebookSettingsForm = z.object({ ...notebookSettingsFields, assignmentId: z.string() });

/** The due date typed in the course's time zone, as an instant; a 400 under the field when it is not a date. */
export function parseDueAt(text: string, timeZone: string): Date | null {
  if (text === "") return null;
  const due = zonedLocalToUtc(text, timeZone);
  if (!due) throw badRequest("Not saved: check the fields marked above.", { dueAt: ["Enter a date and time, or leave it empty for no due date."] });
  return due;
}
