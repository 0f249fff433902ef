import type { BuildContext, BuildResult } from "../build-context";
import { exportFilename } from "../build-context";
import { canvasColumnTitle, CANVAS_IDENTITY_COLUMNS, POINTS_POSSIBLE } from "../canvas";
import { CsvWriter } from "../csv";
import { gradeMatrix } from "./grades";

/**
 * The course's grades in the layout Canvas's gradebook import accepts, one row per student, matched by the LMS ids
 * Lantern saw at launch. Blank cells are left alone by the import; ungraded work is blank.
 */
export async function buildCanvasCsv(ctx: BuildContext): Promise<BuildResult> {
  const titles = ctx.assignments.map((a) => canvasColumnTitle(a.title, a.lmsAssignmentId ?? null));
  const csv = new CsvWriter<string>([...CANVAS_IDENTITY_COLUMNS, ...titles], ctx.sink, { spreadsheetSafe: true, bom: true });
  await csv.header();
  await csv.raw([POINTS_POSSIBLE, "", "", "", "", ...ctx.assignments.map((a) => a.points)]);
  for await (const { subject, grades } of gradeMatrix(ctx)) {
    await csv.raw([
      subject.name ?? subject.email ?? subject.userId,
      subject.canvas?.userId ?? "",
      subject.canvas?.sisUserId ?? "",
      subject.canvas?.loginId ?? subject.email ?? "",
      subject.canvas?.section ?? "",
      ...grades.map((g) => g?.score ?? ""),
    ]);
  }
  await csv.end();
  return { rows: ctx.subjects.length, filename: exportFilename(ctx.course, "Canvas gradebook", ctx.now, "csv"), contentType: "text/csv; charset=utf-8" };
}
