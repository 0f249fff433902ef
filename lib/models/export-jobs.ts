import { and, desc, eq, inArray, isNotNull, lt, lte, or, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import type { SystemAuthz } from "@/lib/auth/authz";
import { notFound } from "@/lib/errors";
import { isUuid } from "./courses";

const { exportJobs, users, courses } = schema;

export type ExportJob = typeof exportJobs.$inferSelect;
export type ExportKind = ExportJob["kind"];
/** What the exports pages show of a job (no internal error text, no storage key). */
export type ExportJobView = Pick<
  ExportJob,
  "id" | "kind" | "audience" | "courseId" | "status" | "progress" | "message" | "resultFilename" | "resultBytes" | "rowCount" | "createdAt" | "finishedAt" | "expiresAt" | "attempts"
> & { requestedBy: string | null; courseTitle: string };

const LEASE_MS = 10 * 60_000;

const view = {
  id: exportJobs.id,
  kind: exportJobs.kind,
  audience: exportJobs.audience,
  courseId: exportJobs.courseId,
  status: exportJobs.status,
  progress: exportJobs.progress,
  message: exportJobs.message,
  resultFilename: exportJobs.resultFilename,
  resultBytes: exportJobs.resultBytes,
  rowCount: exportJobs.rowCount,
  createdAt: exportJobs.createdAt,
  finishedAt: exportJobs.finishedAt,
  expiresAt: exportJobs.expiresAt,
  attempts: exportJobs.attempts,
  requestedBy: users.name,
  courseTitle: courses.title,
};

/** Queues an export. The caller has authorized the requester for this course, kind and audience (lib/exports/access). */
export async function insertExportJob(values: {
  kind: ExportKind;
  audience: "staff" | "research";
  courseId: string;
  requestedByUserId: string;
  params: Record<string, unknown>;
}): Promise<ExportJob> {
  // runAfter from this clock, at millisecond precision: the database default (now(), microseconds) can be a fraction
  // of a millisecond after the claim's `now`, so a job claimed right after it was queued was skipped as not yet due.
  const [row] = await db().insert(exportJobs).values({ ...values, message: "Waiting to start", runAfter: new Date() }).returning();
  return row;
}

/** Jobs of one course (staff view) or of one requester (researcher view), newest first. */
export async function selectExportJobViews({ courseId, requestedByUserId, limit = 50 }: { courseId?: string; requestedByUserId?: string; limit?: number }): Promise<ExportJobView[]> {
  return db()
    .select(view)
    .from(exportJobs)
    .innerJoin(courses, eq(courses.id, exportJobs.courseId))
    .leftJoin(users, eq(users.id, exportJobs.requestedByUserId))
    .where(and(courseId ? eq(exportJobs.courseId, courseId) : undefined, requestedByUserId ? eq(exportJobs.requestedByUserId, requestedByUserId) : undefined))
    .orderBy(desc(exportJobs.createdAt))
    .limit(limit);
}

/** A job by id (a malformed or unknown id is a 404); callers check who may see it (lib/exports/access). */
export async function selectExportJob({ unsafeJobId }: { unsafeJobId: string }): Promise<ExportJob> {
  if (!isUuid(unsafeJobId)) throw notFound("No such export.");
  const [row] = await db().select().from(exportJobs).where(eq(exportJobs.id, unsafeJobId)).limit(1);
  if (!row) throw notFound("No such export.");
  return row;
}

/** Claims one due job (queued, or running with an expired lease after a crash): FOR UPDATE SKIP LOCKED. */
export async function claimExportJob(_authz: SystemAuthz, { jobId, now = new Date() }: { jobId?: string; now?: Date }): Promise<ExportJob | null> {
  return db().transaction(async (tx) => {
    const due = or(
      and(eq(exportJobs.status, "queued"), lte(exportJobs.runAfter, now)),
      and(eq(exportJobs.status, "running"), lt(exportJobs.lockedUntil, now)),
    );
    const [candidate] = await tx
      .select({ id: exportJobs.id })
      .from(exportJobs)
      .where(and(due, jobId ? eq(exportJobs.id, jobId) : undefined))
      .orderBy(exportJobs.runAfter)
      .limit(1)
      .for("update", { skipLocked: true });
    if (!candidate) return null;
    const [row] = await tx
      .update(exportJobs)
      .set({ status: "running", attempts: sql`${exportJobs.attempts} + 1`, lockedUntil: new Date(now.getTime() + LEASE_MS), startedAt: now, progress: 0, message: "Starting", error: null })
      .where(eq(exportJobs.id, candidate.id))
      .returning();
    return row;
  });
}

/** Writes progress of a running job and extends its lease. */
export async function updateExportProgress(_authz: SystemAuthz, { jobId, progress, message }: { jobId: string; progress: number; message: string }) {
  await db()
    .update(exportJobs)
    .set({ progress: Math.max(0, Math.min(99, Math.round(progress))), message, lockedUntil: new Date(Date.now() + LEASE_MS) })
    .where(and(eq(exportJobs.id, jobId), eq(exportJobs.status, "running")));
}

/** Marks a job done with its stored result. */
export async function completeExportJob(
  _authz: SystemAuthz,
  values: { jobId: string; resultKey: string; resultFilename: string; resultContentType: string; resultBytes: number; resultSha256: string; rowCount: number; expiresAt: Date },
): Promise<ExportJob> {
  const { jobId, ...result } = values;
  const [row] = await db()
    .update(exportJobs)
    .set({ ...result, status: "done", progress: 100, message: "Ready to download", lockedUntil: null, finishedAt: new Date() })
    .where(eq(exportJobs.id, jobId))
    .returning();
  return row;
}

/** Marks a job failed: `message` is for the requester, `error` for the log. */
export async function failExportJob(_authz: SystemAuthz, { jobId, message, error }: { jobId: string; message: string; error: string }) {
  await db().update(exportJobs).set({ status: "failed", message, error, lockedUntil: null, finishedAt: new Date() }).where(eq(exportJobs.id, jobId));
}

/** Puts a failed job back in the queue (the requester's "Retry"); returns false when it was not failed. */
export async function retryExportJob({ job }: { job: ExportJob }): Promise<boolean> {
  const rows = await db()
    .update(exportJobs)
    .set({ status: "queued", progress: 0, message: "Waiting to start (retry)", runAfter: new Date(), finishedAt: null })
    .where(and(eq(exportJobs.id, job.id), eq(exportJobs.status, "failed")))
    .returning({ id: exportJobs.id });
  return rows.length > 0;
}

/** Marks a finished job as emailed (once). Returns false if it already was. */
export async function markExportNotified(_authz: SystemAuthz, { jobId }: { jobId: string }): Promise<boolean> {
  const rows = await db()
    .update(exportJobs)
    .set({ notifiedAt: new Date() })
    .where(and(eq(exportJobs.id, jobId), sql`${exportJobs.notifiedAt} is null`))
    .returning({ id: exportJobs.id });
  return rows.length > 0;
}

/** Done jobs whose download expired but whose file is still stored. */
export async function selectExpiredExportJobs(_authz: SystemAuthz, { now = new Date(), limit = 100 }: { now?: Date; limit?: number } = {}) {
  return db()
    .select({ id: exportJobs.id, resultKey: exportJobs.resultKey })
    .from(exportJobs)
    .where(and(eq(exportJobs.status, "done"), isNotNull(exportJobs.resultKey), lte(exportJobs.expiresAt, now)))
    .limit(limit);
}

/** Forgets the stored result of expired jobs (after the file was deleted). */
export async function clearExportResults(_authz: SystemAuthz, { jobIds }: { jobIds: string[] }) {
  if (jobIds.length === 0) return;
  await db().update(exportJobs).set({ resultKey: null, message: "Expired" }).where(inArray(exportJobs.id, jobIds));
}

/** The requester's email and name (for the "export ready" mail). */
export async function selectExportRequester(_authz: SystemAuthz, { job }: { job: ExportJob }) {
  const [row] = await db().select({ email: users.email, name: users.name }).from(users).where(eq(users.id, job.requestedByUserId));
  return row ?? null;
}
