import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { systemAuthz } from "@/lib/auth/authz";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { selectCourse } from "@/lib/models/courses";
import { selectExportAssignments, selectExportSubjects, type ExportScope } from "@/lib/models/export-data";
import { claimExportJob, completeExportJob, failExportJob, updateExportProgress, type ExportJob } from "@/lib/models/export-jobs";
import { storage } from "@/lib/storage";
import type { BuildContext, BuildResult } from "./build-context";
import { buildCanvasCsv } from "./builders/canvas";
import { buildEventsCsv } from "./builders/events";
import { buildGradesCsv } from "./builders/grades";
import { buildSubmissions } from "./builders/submissions";
import { pseudonymKey } from "./deidentify";
import { notifyExportReady } from "./notify";
import { exportParamsSchema } from "./params";
import { buildProgSnap2 } from "./progsnap2/build";

const BUILDERS: Record<ExportJob["kind"], (ctx: BuildContext) => Promise<BuildResult>> = {
  grades: buildGradesCsv,
  canvas: buildCanvasCsv,
  submissions: buildSubmissions,
  events: buildEventsCsv,
  progsnap2: buildProgSnap2,
};

/** The scope a job covers, from its stored parameters. Research jobs always apply consent. */
export function scopeOf(job: ExportJob): { scope: ExportScope; params: ReturnType<typeof exportParamsSchema.parse> } {
  const params = exportParamsSchema.parse(job.params);
  return {
    params,
    scope: {
      courseId: job.courseId,
      assignmentIds: params.assignmentIds,
      from: params.from,
      to: params.to,
      roles: params.roles as ExportScope["roles"],
      includeTestStudents: params.includeTestStudents,
      consentingOnly: job.audience === "research",
    },
  };
}

/**
 * Claims and builds one export job (a given one, or the next due), streaming the result into storage. Idempotent
 * per job: a job another worker holds is not claimed. Returns what happened, for runners and Inngest.
 */
export async function runExportJob({ jobId, parallel }: { jobId?: string; parallel?: BuildContext["parallel"] } = {}): Promise<ExportOutcome> {
  const job = await claimExportJob(systemAuthz(), { jobId });
  if (!job) return { outcome: "not_claimed" };
  return buildExportJob(job, { parallel });
}

export type ExportOutcome = { outcome: "not_claimed" | "done" | "failed"; jobId?: string };

/**
 * Builds a job this process (or its parent, worker-process.ts) has claimed; records done or failed on the row.
 * `parallel`: builders that can split their work may run parts of it elsewhere (the export worker's threads).
 */
export async function buildExportJob(job: ExportJob, { parallel }: { parallel?: BuildContext["parallel"] } = {}): Promise<ExportOutcome> {
  const system = systemAuthz();
  const started = Date.now();
  const tempDir = await mkdtemp(path.join(os.tmpdir(), "lantern-export-"));
  const key = `exports/${job.id}/result`;
  const upload = await storage().createUpload(key, { contentType: "application/octet-stream" });
  try {
    const { scope, params } = scopeOf(job);
    const course = await selectCourse({ unsafeCourseId: job.courseId });
    const [assignments, subjects] = await Promise.all([selectExportAssignments({ system, scope }), selectExportSubjects({ system, scope })]);
    let lastWrite = 0;
    const ctx: BuildContext = {
      system,
      scope,
      audience: job.audience,
      course,
      assignments,
      subjects,
      key: job.audience === "research" ? pseudonymKey({ projectId: params.projectId }) : null,
      sink: (chunk) => upload.write(chunk),
      progress: async (percent, message) => {
        // At most one progress write a second: the bar stays live without a write per row.
        if (Date.now() - lastWrite < 1000) return;
        lastWrite = Date.now();
        await updateExportProgress(system, { jobId: job.id, progress: percent, message });
      },
      tempDir,
      options: params,
      now: new Date(),
      parallel,
    };
    const result = await BUILDERS[job.kind](ctx);
    const stored = await upload.complete();
    const done = await completeExportJob(system, {
      jobId: job.id,
      resultKey: stored.key,
      resultFilename: result.filename,
      resultContentType: result.contentType,
      resultBytes: stored.bytes,
      resultSha256: stored.sha256,
      rowCount: result.rows,
      expiresAt: new Date(Date.now() + env().EXPORT_TTL_HOURS * 3600_000),
    });
    log.info("export built", { jobId: job.id, kind: job.kind, audience: job.audience, rows: result.rows, bytes: stored.bytes, ms: Date.now() - started });
    await notifyExportReady({ job: done, elapsedMs: Date.now() - started }).catch((error: unknown) => log.warn("could not send the export-ready email", { jobId: job.id, error }));
    return { outcome: "done", jobId: job.id };
  } catch (error) {
    await upload.abort();
    log.error("export failed", { jobId: job.id, kind: job.kind, error });
    await failExportJob(system, { jobId: job.id, message: "The export failed. Retry it; if it fails again, tell your Lantern administrator.", error: String(error instanceof Error ? error.stack ?? error.message : error) });
    return { outcome: "failed", jobId: job.id };
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}
