import { and, desc, eq, inArray, isNotNull, lt, or, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import type { RosterSyncStats } from "@/db/schema/roster";
import type { CourseAuthz, SystemAuthz } from "@/lib/auth/authz";
import { isStaffRole } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import { isUuid } from "./courses";

const { rosterSyncs, ltiContexts, ltiPlatforms } = schema;

export type RosterSync = typeof rosterSyncs.$inferSelect;
export type { RosterSyncStats };

/** The LMS contexts of the course whose roster may be read: an NRPS endpoint is known and staff launched from there. */
export async function selectSyncableContexts(authz: CourseAuthz | SystemAuthz, { courseId }: { courseId: string }) {
  if (authz.kind === "course" && (authz.course.id !== courseId || !isStaffRole(authz.role))) throw notFound();
  return db()
    .select({ context: ltiContexts, platformName: ltiPlatforms.name })
    .from(ltiContexts)
    .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, ltiContexts.platformId))
    .where(and(eq(ltiContexts.courseId, courseId), isNotNull(ltiContexts.nrpsUrl), isNotNull(ltiContexts.staffLaunchedAt), eq(ltiPlatforms.active, true)));
}

/**
 * Queues a roster sync of one context, or returns the one already queued or running for it (at most one per
 * context: the partial unique index roster_syncs_one_active_idx), so repeated clicks and the schedule never pile up.
 */
export async function ensureRosterSync(
  _authz: CourseAuthz | SystemAuthz,
  { courseId, contextRowId, trigger, requestedByUserId }: { courseId: string; contextRowId: string; trigger: RosterSync["trigger"]; requestedByUserId: string | null },
): Promise<{ sync: RosterSync; created: boolean }> {
  const [created] = await db()
    .insert(rosterSyncs)
    .values({ courseId, contextRowId, trigger, requestedByUserId })
    .onConflictDoNothing({ target: rosterSyncs.contextRowId, where: sql`status in ('queued', 'running')` })
    .returning();
  if (created) return { sync: created, created: true };
  const [active] = await db()
    .select()
    .from(rosterSyncs)
    .where(and(eq(rosterSyncs.contextRowId, contextRowId), inArray(rosterSyncs.status, ["queued", "running"])));
  // The active one finished between the two statements: queue again.
  return active ? { sync: active, created: false } : ensureRosterSync(_authz, { courseId, contextRowId, trigger, requestedByUserId });
}

/** Claims a queued sync (or one whose lease ran out) for one run; null when there is nothing to claim. */
export async function claimRosterSync(_authz: SystemAuthz, { syncId, leaseMs = 5 * 60_000 }: { syncId?: string; leaseMs?: number } = {}) {
  const due = or(eq(rosterSyncs.status, "queued"), and(eq(rosterSyncs.status, "running"), lt(rosterSyncs.lockedUntil, sql`now()`)));
  const pick = db()
    .select({ id: rosterSyncs.id })
    .from(rosterSyncs)
    .where(syncId ? and(eq(rosterSyncs.id, syncId), due) : due)
    .orderBy(rosterSyncs.createdAt)
    .limit(1)
    .for("update", { skipLocked: true });
  const [row] = await db()
    .update(rosterSyncs)
    .set({
      status: "running",
      attempts: sql`${rosterSyncs.attempts} + 1`,
      startedAt: sql`coalesce(${rosterSyncs.startedAt}, now())`,
      lockedUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
      stats: { pages: 0, members: 0, added: 0, updated: 0, dropped: 0 },
    })
    .where(sql`${rosterSyncs.id} = (${pick})`)
    .returning();
  return row ?? null;
}

/** Records progress after a page and extends the lease. */
export async function updateRosterSyncProgress(_authz: SystemAuthz, { syncId, stats }: { syncId: string; stats: RosterSyncStats }) {
  await db()
    .update(rosterSyncs)
    .set({ stats, lockedUntil: sql`now() + interval '5 minutes'` })
    .where(and(eq(rosterSyncs.id, syncId), eq(rosterSyncs.status, "running")));
}

/** Ends a sync: done with its counts, or failed with a reason staff can act on. */
export async function finishRosterSync(
  _authz: SystemAuthz,
  { syncId, status, stats, error }: { syncId: string; status: "done" | "failed"; stats: RosterSyncStats; error?: string },
) {
  await db()
    .update(rosterSyncs)
    .set({ status, stats, error: error ?? null, lockedUntil: null, finishedAt: new Date() })
    .where(eq(rosterSyncs.id, syncId));
}

/** Everything a run needs: the sync and its context (with the platform id and NRPS URL). */
export async function selectRosterSyncContext(_authz: SystemAuthz, { syncId }: { syncId: string }) {
  const [row] = await db()
    .select({ sync: rosterSyncs, context: ltiContexts })
    .from(rosterSyncs)
    .innerJoin(ltiContexts, eq(ltiContexts.id, rosterSyncs.contextRowId))
    .where(eq(rosterSyncs.id, syncId));
  if (!row) throw notFound("No such roster sync.");
  return row;
}

/** One sync of the caller's course (for its progress bar); someone else's is a 404. */
export async function selectRosterSync({ authz, unsafeSyncId }: { authz: CourseAuthz; unsafeSyncId: string }): Promise<RosterSync> {
  if (!isStaffRole(authz.role) || !isUuid(unsafeSyncId)) throw notFound("No such roster sync.");
  const [row] = await db()
    .select()
    .from(rosterSyncs)
    .where(and(eq(rosterSyncs.id, unsafeSyncId), eq(rosterSyncs.courseId, authz.course.id)));
  if (!row) throw notFound("No such roster sync.");
  return row;
}

/** The course's latest syncs, newest first. */
export async function selectRecentRosterSyncs({ authz, limit = 5 }: { authz: CourseAuthz; limit?: number }) {
  if (!isStaffRole(authz.role)) throw notFound();
  return db().select().from(rosterSyncs).where(eq(rosterSyncs.courseId, authz.course.id)).orderBy(desc(rosterSyncs.createdAt)).limit(limit);
}

/**
 * Contexts due a scheduled sync: syncable (NRPS URL, a staff launch, an active platform) and with no sync
 * finished or started within `interval`. Ordered oldest-synced first.
 */
export async function selectContextsDueForSync(_authz: SystemAuthz, { interval, limit = 100 }: { interval: string; limit?: number }) {
  const recent = sql`exists (select 1 from ${rosterSyncs} r where r.context_row_id = ${ltiContexts.id}
    and (r.status in ('queued', 'running') or r.created_at > now() - ${interval}::interval))`;
  return db()
    .select({ contextRowId: ltiContexts.id, courseId: ltiContexts.courseId })
    .from(ltiContexts)
    .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, ltiContexts.platformId))
    .where(and(isNotNull(ltiContexts.nrpsUrl), isNotNull(ltiContexts.staffLaunchedAt), eq(ltiPlatforms.active, true), sql`not ${recent}`))
    .limit(limit);
}

/** Syncs waiting longer than a lost event would explain (queued for 2 minutes, or running past their lease). */
export async function selectStuckRosterSyncs(_authz: SystemAuthz) {
  return db()
    .select({ id: rosterSyncs.id, courseId: rosterSyncs.courseId })
    .from(rosterSyncs)
    .where(
      or(
        and(eq(rosterSyncs.status, "queued"), lt(rosterSyncs.createdAt, sql`now() - interval '2 minutes'`)),
        and(eq(rosterSyncs.status, "running"), lt(rosterSyncs.lockedUntil, sql`now()`)),
      ),
    )
    .limit(100);
}
