import { z } from "zod";
import { nbgraderNameSchema } from "@/lib/assignments/nbgrader-name";

export const newNotebookForm = z.object({
  courseId: z.string(),
  title: z.string().trim().min(1, "Give the assignment a title.").max(200, "Use at most 200 characters."),
  // nbgrader's assignment name (its `assignment_id`): the folder name in the course directory and in the exchange.
  slug: nbgraderNameSchema,
  points: z
    .string()
    .trim()
    .regex(/^\d+(\.\d{1,2})?$/, "Enter the points as a number such as 10 or 12.5.")
    .transform(Number)
    .refine((n) => n <= 10_000, "Use at most 10000 points."),
});
