"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { action, type ActionState } from "@/lib/auth/action";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { badRequest } from "@/lib/errors";
import { MAX_GRADES_CSV_BYTES } from "@/lib/exchange/grades-csv";
import { importNotebookGrades, planNotebookGrades, type PlannedGrade } from "@/lib/exchange/import-grades";

export type GradesUploadResult = { rows: PlannedGrade[]; sent?: number };

const upload = z.object({
  courseId: z.string(),
  intent: z.enum(["preview", "apply"]),
  file: z
    .instanceof(File, { message: "Choose the grades.csv file that nbgrader export wrote." })
    .refine((f) => f.size > 0, "Choose the grades.csv file that nbgrader export wrote.")
    .refine((f) => f.size <= MAX_GRADES_CSV_BYTES, `The file must be under ${MAX_GRADES_CSV_BYTES / 1024 / 1024} MiB; export one assignment at a time.`),
});

/**
 * nbgrader's grades CSV: `preview` checks every row and shows what would be sent (changing nothing); `apply` plans
 * the file again and sends each new score through the grade outbox (lib/exchange/import-grades).
 */
export const uploadNotebookGradesAction = action(
  { access: { courseRoles: STAFF_ROLES }, schema: upload },
  async (input, { authz }): Promise<ActionState<GradesUploadResult>> => {
    const csv = await input.file.text();
    if (input.intent === "preview") {
      const plan = await planNotebookGrades({ authz, csv });
      if (!plan.ok) throw badRequest(plan.message, { file: [plan.message] });
      return { ok: true, data: { rows: plan.rows } };
    }
    const result = await importNotebookGrades({ authz, csv, source: input.file.name, req: await headers() });
    revalidatePath(`/courses/${authz.course.id}`, "layout");
    return {
      ok: true,
      message:
        result.sent === 0
          ? "No grade changed, so nothing was sent."
          : `${result.sent} grade${result.sent === 1 ? " is" : "s are"} on ${result.sent === 1 ? "its" : "their"} way to the LMS.`,
      data: { rows: result.rows, sent: result.sent },
    };
  },
);
