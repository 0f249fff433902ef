import type { ExportSubject, GradeRow } from "@/lib/models/export-data";
import { selectExportGrades } from "@/lib/models/export-data";
import type { BuildContext, BuildResult } from "../build-context";
import { exportFilename } from "../build-context";
import { CsvWriter } from "../csv";
import { isoWithOffset } from "../timestamps";

const COLUMNS = [
  "student_name", "student_email", "lantern_user_id", "lms_user_id", "role", "assignment_id", "assignment_title",
  "points_possible", "score", "autograder_score", "overridden", "late", "late_penalty_percent", "status", "attempts",
  "submitted_at", "graded_at", "lms_sync", "lms_sync_detail", "lms_synced_at",
] as const;

const CHUNK = 200;

/** Each subject's grade rows per assignment in scope (a missing submission is a null), chunk by chunk. */
export async function* gradeMatrix(ctx: BuildContext): AsyncGenerator<{ subject: ExportSubject; grades: (GradeRow | null)[] }> {
  for (let i = 0; i < ctx.subjects.length; i += CHUNK) {
    const chunk = ctx.subjects.slice(i, i + CHUNK);
    const rows = await selectExportGrades({ system: ctx.system, scope: ctx.scope, userIds: chunk.map((s) => s.userId) });
    const byKey = new Map(rows.map((r) => [`${r.userId}|${r.assignmentId}`, r]));
    for (const subject of chunk) yield { subject, grades: ctx.assignments.map((a) => byKey.get(`${subject.userId}|${a.id}`) ?? null) };
    await ctx.progress(Math.floor(((i + chunk.length) / Math.max(ctx.subjects.length, 1)) * 99), `Writing grades: ${i + chunk.length} of ${ctx.subjects.length} students`);
  }
}

/** Staff grades: one row per student and assignment, with Lantern and LMS ids, scores, lateness and LMS sync state. */
export async function buildGradesCsv(ctx: BuildContext): Promise<BuildResult> {
  const csv = new CsvWriter(COLUMNS, ctx.sink, { spreadsheetSafe: true, bom: true });
  await csv.header();
  const time = (d: Date | null) => (d ? isoWithOffset(d) : "");
  for await (const { subject, grades } of gradeMatrix(ctx)) {
    for (const [i, g] of grades.entries()) {
      const a = ctx.assignments[i];
      await csv.row({
        student_name: subject.name,
        student_email: subject.email,
        lantern_user_id: subject.userId,
        lms_user_id: subject.lmsUserId,
        role: subject.role,
        assignment_id: a.id,
        assignment_title: a.title,
        points_possible: a.points,
        score: g?.score,
        autograder_score: g?.rawScore,
        overridden: g ? (g.overridden ? "yes" : "no") : "",
        late: g ? (g.late ? "yes" : "no") : "",
        late_penalty_percent: g?.latePenaltyPercent,
        status: g?.status ?? "not_started",
        attempts: g?.attempts ?? 0,
        submitted_at: time(g?.submittedAt ?? null),
        graded_at: time(g?.gradedAt ?? null),
        lms_sync: g?.syncStatus ?? "none",
        lms_sync_detail: g?.syncReason,
        lms_synced_at: time(g?.syncedAt ?? null),
      });
    }
  }
  await csv.end();
  return { rows: csv.rows, filename: exportFilename(ctx.course, "grades", ctx.now, "csv"), contentType: "text/csv; charset=utf-8" };
}
