import { parse } from "csv-parse/sync";
import { systemAuthz } from "@/lib/auth/authz";
import { badRequest } from "@/lib/errors";
import { selectExportAssignments, selectExportGrades, selectExportSubjects, type ExportScope, type ExportSubject } from "@/lib/models/export-data";
import { parseCanvasColumnTitle } from "./canvas";

export type Difference = {
  student: string;
  assignment: string;
  lantern: number | null;
  canvas: string;
  kind: "differs" | "missing_in_canvas" | "missing_in_lantern";
};
export type Comparison = {
  students: number;
  matchedStudents: number;
  unmatchedStudents: string[];
  matchedColumns: string[];
  ignoredColumns: string[];
  agreeing: number;
  differences: Difference[];
};

const IDENTITY = new Set(["student", "id", "sis user id", "sis login id", "integration id", "root account", "section"]);
const TOLERANCE = 0.005;

/**
 * Compares a gradebook exported from Canvas with Lantern's grades for the course: students matched by Canvas user
 * id, SIS login (or email), SIS user id, then exact name; assignment columns by "Title (Canvas id)" or exact title.
 * Scores are compared as fractions of each side's points possible (Canvas's "Points Possible" row).
 */
export async function compareCanvasGradebook({ courseId, csv }: { courseId: string; csv: string }): Promise<Comparison> {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch {
    throw badRequest("This file is not a CSV file Lantern can read.");
  }
  const header = records[0]?.map((h) => h.trim()) ?? [];
  if (!header.length || header[0].toLowerCase() !== "student") throw badRequest("This is not a Canvas gradebook export: its first column must be \"Student\".");
  const scope: ExportScope = { courseId, assignmentIds: null, from: null, to: null, roles: ["student"], includeTestStudents: false, consentingOnly: false };
  const system = systemAuthz();
  const [assignments, subjects] = await Promise.all([selectExportAssignments({ system, scope }), selectExportSubjects({ system, scope })]);
  const col = (name: string) => header.findIndex((h) => h.toLowerCase() === name);
  const columns = new Map<number, (typeof assignments)[number]>();
  const ignored: string[] = [];
  header.forEach((h, i) => {
    if (IDENTITY.has(h.toLowerCase())) return;
    const { title, id } = parseCanvasColumnTitle(h);
    const match = (id && assignments.find((a) => a.lmsAssignmentId === id)) || assignments.find((a) => a.title === h || a.title === title);
    if (match) columns.set(i, match);
    else ignored.push(h);
  });
  const pointsRow = records.find((r) => /^\s*points possible\s*$/i.test(r[0] ?? ""));
  const studentRows = records.slice(1).filter((r) => r !== pointsRow && !/^\s*(points possible|manual posting)\s*$/i.test(r[0] ?? "") && (r[0] ?? "").trim() !== "");
  const grades = new Map((await selectExportGrades({ system, scope, userIds: subjects.map((s) => s.userId) })).map((g) => [`${g.userId}|${g.assignmentId}`, g]));

  const lower = (v: string | null | undefined) => (v ?? "").trim().toLowerCase();
  const find = (row: string[]): ExportSubject | undefined => {
    const [id, sis, login, name] = [row[col("id")], row[col("sis user id")], row[col("sis login id")], row[0]].map((v) => (v ?? "").trim());
    return (
      (id && subjects.find((s) => s.canvas?.userId === id)) ||
      (login && subjects.find((s) => lower(s.canvas?.loginId) === login.toLowerCase() || lower(s.email) === login.toLowerCase())) ||
      (sis && subjects.find((s) => s.canvas?.sisUserId === sis)) ||
      subjects.find((s) => s.name?.trim() === name)
    );
  };
  const comparison: Comparison = { students: studentRows.length, matchedStudents: 0, unmatchedStudents: [], matchedColumns: [...columns.values()].map((a) => a.title), ignoredColumns: ignored, agreeing: 0, differences: [] };
  for (const row of studentRows) {
    const subject = find(row);
    if (!subject) {
      comparison.unmatchedStudents.push(row[0]);
      continue;
    }
    comparison.matchedStudents++;
    for (const [i, a] of columns) {
      const cell = (row[i] ?? "").trim();
      if (/^(ex|excused)$/i.test(cell)) continue;
      const lantern = grades.get(`${subject.userId}|${a.id}`)?.score ?? null;
      const canvasPoints = Number(pointsRow?.[i]);
      const scale = Number.isFinite(canvasPoints) && canvasPoints > 0 && a.points > 0 ? canvasPoints / a.points : 1;
      const student = subject.name ?? subject.email ?? subject.userId;
      const canvas = cell === "" || /^n\/a$/i.test(cell) ? null : Number(cell);
      if (canvas === null && lantern === null) comparison.agreeing++;
      else if (canvas === null) comparison.differences.push({ student, assignment: a.title, lantern, canvas: cell, kind: "missing_in_canvas" });
      else if (lantern === null) comparison.differences.push({ student, assignment: a.title, lantern, canvas: cell, kind: "missing_in_lantern" });
      else if (!Number.isFinite(canvas) || Math.abs(canvas - lantern * scale) > TOLERANCE * Math.max(1, canvasPoints || a.points)) {
        comparison.differences.push({ student, assignment: a.title, lantern, canvas: cell, kind: "differs" });
      } else comparison.agreeing++;
    }
  }
  return comparison;
}
