import { systemAuthz, type CourseAuthz } from "@/lib/auth/authz";
import { isStaffRole } from "@/lib/auth/roles";
import { conflict, notFound } from "@/lib/errors";
import { log } from "@/lib/log";
import type { FetchLike } from "@/lib/lti/ltijs-http";
import { NrpsError, nrpsMembers, type NrpsMember } from "@/lib/lti/nrps";
import { courseRoleFromLti, isTestUserLaunch } from "@/lib/lti/roles";
import { applyRosterPage, markAbsentMembers, type RosterMember } from "@/lib/models/roster";
import {
  claimRosterSync,
  ensureRosterSync,
  finishRosterSync,
  selectContextsDueForSync,
  selectRosterSyncContext,
  selectSyncableContexts,
  updateRosterSyncProgress,
  type RosterSync,
  type RosterSyncStats,
} from "@/lib/models/roster-syncs";

/** How often each course's roster is read again in the background. */
export const SCHEDULED_SYNC_INTERVAL = "6 hours";

/**
 * Staff ask for a roster sync of their course: one queued sync per LMS context (deduplicated with any sync already
 * queued or running). Refused while there is no context to read: NRPS is never called before staff launched
 * Lantern from that LMS course, and only when the LMS sent a memberships endpoint.
 */
export async function requestRosterSync({ authz }: { authz: CourseAuthz }): Promise<RosterSync[]> {
  if (!isStaffRole(authz.role) || authz.viewingAs) throw notFound();
  const contexts = await selectSyncableContexts(authz, { courseId: authz.course.id });
  if (contexts.length === 0) {
    throw conflict(
      "There is no LMS roster to read yet: open Lantern from the LMS course as an instructor first (and check that the LMS shares its roster with Lantern: Names and Role Provisioning).",
    );
  }
  const syncs = [];
  for (const { context } of contexts) {
    const { sync } = await ensureRosterSync(authz, { courseId: authz.course.id, contextRowId: context.id, trigger: "staff", requestedByUserId: authz.session.user.id });
    syncs.push(sync);
  }
  return syncs;
}

/** The schedule's half: queues a sync for every context not synced within SCHEDULED_SYNC_INTERVAL. */
export async function scheduleDueRosterSyncs(): Promise<RosterSync[]> {
  const authz = systemAuthz();
  const due = await selectContextsDueForSync(authz, { interval: SCHEDULED_SYNC_INTERVAL });
  const queued = [];
  for (const { contextRowId, courseId } of due) {
    const { sync, created } = await ensureRosterSync(authz, { courseId, contextRowId, trigger: "schedule", requestedByUserId: null });
    if (created) queued.push(sync);
  }
  return queued;
}

/** An NRPS member in Lantern's terms: the course role its LTI roles map to (least privilege when none maps). */
export function toRosterMember(m: NrpsMember): RosterMember {
  const name = m.name?.trim() || [m.given_name, m.family_name].filter(Boolean).join(" ").trim() || null;
  return {
    sub: m.user_id,
    name,
    email: m.email?.trim() || null,
    roles: m.roles,
    role: courseRoleFromLti(m.roles) ?? "student",
    lmsStatus: m.status === "Active" ? "active" : m.status === "Inactive" ? "inactive" : "deleted",
    isTestUser: isTestUserLaunch(m.roles),
  };
}

export type RosterSyncOutcome = { outcome: "not_claimed" } | { outcome: "done" | "failed"; syncId: string; stats: RosterSyncStats; error?: string };

/**
 * Runs one queued roster sync (the given one, or the oldest due): reads every page of the context's memberships
 * (NRPS 2.0), applies each page as it arrives and records progress, then — when the whole roster was read — marks
 * members the LMS no longer lists as absent (their enrollments become dropped; nothing is deleted). Idempotent:
 * a sync already claimed elsewhere is not run twice. Used by the in-process runner and the Inngest function.
 */
export async function runRosterSync({ syncId, fetch }: { syncId?: string; fetch?: FetchLike } = {}): Promise<RosterSyncOutcome> {
  const authz = systemAuthz();
  const sync = await claimRosterSync(authz, { syncId });
  if (!sync) return { outcome: "not_claimed" };
  const { context } = await selectRosterSyncContext(authz, { syncId: sync.id });
  const stats: RosterSyncStats = { pages: 0, members: 0, added: 0, updated: 0, dropped: 0 };
  const startedAt = new Date();
  try {
    if (!context.nrpsUrl || !context.staffLaunchedAt) throw new NrpsError(null, "This LMS course has no roster Lantern may read.");
    const seen = new Set<string>();
    const { complete } = await nrpsMembers(
      {
        platformId: context.platformId,
        membershipsUrl: context.nrpsUrl,
        onPage: async (page) => {
          // An LMS may list a member twice (or on two pages); each is applied once.
          const members = page.members.filter((m) => !seen.has(m.user_id) && seen.add(m.user_id)).map(toRosterMember);
          const applied = await applyRosterPage(authz, { context, members, seenAt: startedAt });
          stats.pages++;
          stats.members += members.length;
          stats.added += applied.added;
          stats.updated += applied.updated;
          stats.dropped += applied.dropped;
          await updateRosterSyncProgress(authz, { syncId: sync.id, stats });
        },
      },
      fetch,
    );
    // Only a complete roster says who is gone; an LMS that returned an empty roster is not believed either.
    if (complete && stats.members > 0) stats.dropped += await markAbsentMembers(authz, { context, seenBefore: startedAt });
    await finishRosterSync(authz, { syncId: sync.id, status: "done", stats });
    log.info("roster sync", { syncId: sync.id, courseId: sync.courseId, ...stats, complete });
    return { outcome: "done", syncId: sync.id, stats };
  } catch (error) {
    if (!(error instanceof NrpsError)) log.error("roster sync failed", { syncId: sync.id, error });
    const message = error instanceof NrpsError ? rosterErrorText(error) : "The roster could not be read because of an error in Lantern; it has been logged.";
    await finishRosterSync(authz, { syncId: sync.id, status: "failed", stats, error: message });
    return { outcome: "failed", syncId: sync.id, stats, error: message };
  }
}

function rosterErrorText(error: NrpsError): string {
  if (error.status === 401 || error.status === 403) {
    return `${error.message} The LMS may not allow Lantern to read rosters: check that its developer key or tool settings grant the Names and Role Provisioning Services scope.`;
  }
  return error.message;
}
