"use server";

import { unstable_rethrow } from "next/navigation";
import { requireCourseRole } from "@/lib/auth/authz";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { compareCanvasGradebook, type Comparison } from "@/lib/exports/canvas-compare";
import { HttpError, newErrorId } from "@/lib/errors";
import { log } from "@/lib/log";

export type CompareState = { message?: string; comparison?: Comparison; filename?: string };

const MAX_BYTES = 5 * 1024 * 1024;

/**
 * Compares an uploaded Canvas gradebook CSV with Lantern's grades (staff of the course). Changes nothing. Not the
 * generic action() wrapper because it answers with a comparison table, not just a message.
 */
export async function compareAction(_previous: CompareState | undefined, formData: FormData): Promise<CompareState> {
  try {
    const authz = await requireCourseRole({ unsafeCourseId: String(formData.get("courseId") ?? ""), roles: STAFF_ROLES });
    const file = formData.get("gradebook");
    if (!(file instanceof File) || file.size === 0) return { message: "Choose the CSV file you exported from Canvas's gradebook." };
    if (file.size > MAX_BYTES) return { message: "That file is larger than 5 MB; export only the columns you need." };
    const comparison = await compareCanvasGradebook({ courseId: authz.course.id, csv: await file.text() });
    return { comparison, filename: file.name };
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof HttpError) return { message: error.message };
    const errorId = newErrorId();
    log.error("unhandled error in server action", { errorId, error });
    return { message: `Something went wrong. Error id: ${errorId}.` };
  }
}
