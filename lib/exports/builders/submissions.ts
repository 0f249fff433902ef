import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { pageExportVersions } from "@/lib/models/export-data";
import type { BuildContext, BuildResult } from "../build-context";
import { exportFilename } from "../build-context";
import { CsvWriter } from "../csv";
import { createScrubber, pseudonym } from "../deidentify";
import { safeFileName } from "../progsnap2/names";
import { isoWithOffset } from "../timestamps";
import { ZipWriter } from "../zip-writer";
import { gradeMatrix } from "./grades";

const STAFF = ["student_name", "student_email", "lantern_user_id", "lms_user_id", "assignment_id", "assignment_title", "submission_id", "status", "versions", "score", "autograder_score", "late", "attempts", "submitted_at", "graded_at", "code_folder"] as const;
const RESEARCH = ["subject_id", "assignment_id", "assignment_title", "status", "versions", "score", "autograder_score", "late", "attempts", "submitted_at", "graded_at", "code_folder"] as const;

export type CodeOption = "none" | "final" | "all";

const slug = (text: string) => safeFileName(text).replace(/\s+/g, "-").slice(0, 60);

/**
 * One row per submission in scope (a CSV), or with `code` a zip of that CSV plus each student's final code or every
 * saved version: `code/<assignment>/<student>/final/…` or `…/v<version>-<kind>/…`.
 */
export async function buildSubmissions(ctx: BuildContext): Promise<BuildResult> {
  const code = (ctx.options.code as CodeOption | undefined) ?? "none";
  const research = ctx.audience === "research";
  const key = ctx.key;
  const columns = research ? RESEARCH : STAFF;
  const zip = code === "none" ? null : new ZipWriter(ctx.sink, { mtime: ctx.now });
  const csvPath = path.join(ctx.tempDir, "submissions.csv");
  const csvFile = zip ? await open(csvPath, "w") : null;
  const csv = new CsvWriter<string>(columns, zip ? async (c) => void (await csvFile!.write(c)) : ctx.sink, { spreadsheetSafe: !research, bom: !research });
  await csv.header();
  const folderOf = new Map<string, string>();
  const submissionIds: string[] = [];
  const who = new Map<string, (t: string) => string>();
  for await (const { subject, grades } of gradeMatrix(ctx)) {
    const person = research && key ? pseudonym(key, "subject", subject.userId) : slug(subject.name || subject.email || subject.userId) + "-" + subject.userId.slice(0, 8);
    for (const [i, g] of grades.entries()) {
      if (!g) continue;
      const a = ctx.assignments[i];
      const folder = `code/${slug(a.title)}-${(research && key ? pseudonym(key, "assignment", a.id) : a.id).slice(0, 8)}/${person}`;
      if (zip) {
        folderOf.set(g.submissionId, folder);
        submissionIds.push(g.submissionId);
        if (research) who.set(g.submissionId, createScrubber(subject));
      }
      const common = {
        assignment_id: research && key ? pseudonym(key, "assignment", a.id) : a.id,
        assignment_title: a.title,
        status: g.status,
        versions: g.currentVersion,
        score: g.score,
        autograder_score: g.rawScore,
        late: g.late ? "yes" : "no",
        attempts: g.attempts,
        submitted_at: g.submittedAt ? isoWithOffset(g.submittedAt) : "",
        graded_at: g.gradedAt ? isoWithOffset(g.gradedAt) : "",
        code_folder: zip ? folder : "",
      };
      if (research && key) await csv.row({ ...common, subject_id: pseudonym(key, "subject", subject.userId) });
      else await csv.row({ ...common, student_name: subject.name, student_email: subject.email, lantern_user_id: subject.userId, lms_user_id: subject.lmsUserId, submission_id: g.submissionId });
    }
  }
  await csv.end();
  if (!zip) return { rows: csv.rows, filename: exportFilename(ctx.course, research ? "submissions (de-identified)" : "submissions", ctx.now, "csv"), contentType: "text/csv; charset=utf-8" };

  await csvFile!.close();
  for (let i = 0; i < submissionIds.length; i += 200) {
    const ids = submissionIds.slice(i, i + 200);
    for await (const page of pageExportVersions({ system: ctx.system, scope: ctx.scope, submissionIds: ids, every: code === "all" })) {
      for (const v of page) {
        const scrub = who.get(v.submissionId) ?? ((t: string) => t);
        const dir = `${folderOf.get(v.submissionId)}/${code === "all" ? `v${v.version}-${v.kind}` : "final"}`;
        const names = new Set<string>();
        for (const f of v.files) {
          let name = safeFileName(f.name);
          for (let n = 2; names.has(name); n++) name = `${n}-${safeFileName(f.name)}`;
          names.add(name);
          await zip.addFile(`${dir}/${name}`, scrub(f.content));
        }
      }
    }
    await ctx.progress(50 + Math.floor(((i + ids.length) / submissionIds.length) * 49), `Adding code: ${i + ids.length} of ${submissionIds.length} submissions`);
  }
  await zip.addStream("submissions.csv", createReadStream(csvPath));
  await zip.finish();
  return { rows: csv.rows, filename: exportFilename(ctx.course, research ? "submissions and code (de-identified)" : "submissions and code", ctx.now, "zip"), contentType: "application/zip" };
}
