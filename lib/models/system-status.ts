import { count, min, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import type { SiteAuthz } from "@/lib/auth/authz";
import { notFound } from "@/lib/errors";

const { gradingJobs, gradeOutbox, exportJobs, rosterSyncs } = schema;

export type QueueState = { status: string; count: number; oldest: Date | null };

/** How the background queues stand: jobs by state with the oldest job's creation time (admins only). */
export async function selectSystemStatus({ authz }: { authz: SiteAuthz }): Promise<{
  grading: QueueState[];
  passback: QueueState[];
  exports: QueueState[];
  rosterSyncs: QueueState[];
}> {
  if (!authz.roles.includes("admin")) throw notFound();
  // Finished rows are many and old; only unfinished (and failed) states say anything about health.
  const [grading, passback, exports, rosters] = await Promise.all([
    db()
      .select({ status: gradingJobs.status, count: count(), oldest: min(gradingJobs.createdAt) })
      .from(gradingJobs)
      .where(sql`${gradingJobs.status} in ('queued', 'running', 'failed')`)
      .groupBy(gradingJobs.status),
    db()
      .select({ status: gradeOutbox.status, count: count(), oldest: min(gradeOutbox.createdAt) })
      .from(gradeOutbox)
      .where(sql`${gradeOutbox.status} in ('pending', 'waiting', 'failed')`)
      .groupBy(gradeOutbox.status),
    db()
      .select({ status: exportJobs.status, count: count(), oldest: min(exportJobs.createdAt) })
      .from(exportJobs)
      .where(sql`${exportJobs.status} in ('queued', 'running', 'failed')`)
      .groupBy(exportJobs.status),
    db()
      .select({ status: rosterSyncs.status, count: count(), oldest: min(rosterSyncs.createdAt) })
      .from(rosterSyncs)
      .where(sql`${rosterSyncs.status} in ('queued', 'running', 'failed')`)
      .groupBy(rosterSyncs.status),
  ]);
  return { grading, passback, exports, rosterSyncs: rosters };
}
