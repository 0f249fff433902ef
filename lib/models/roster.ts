import { randomUUID } from "node:crypto";
import { and, asc, count, eq, ilike, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseAuthz, SystemAuthz } from "@/lib/auth/authz";
import { isStaffRole, type CourseRole } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import type { Enrollment } from "./enrollments";
import type { Database } from "@/db";
import type { LtiContext } from "./lti-launches";

const { users, ltiUsers, enrollments, ltiContextMembers, ltiContexts, exchangeUsers } = schema;

type Tx = Pick<Database, "insert" | "update" | "select" | "delete">;

/** A roster entry as the LMS reported it, already mapped to Lantern's terms (lib/roster/sync.ts). */
export type RosterMember = {
  sub: string;
  name: string | null;
  email: string | null;
  roles: string[];
  role: CourseRole;
  lmsStatus: "active" | "inactive" | "deleted";
  isTestUser: boolean;
};

/**
 * Applies one page of a context's roster in one transaction: finds or creates each member's user through their
 * LMS identity (platform + sub, the same row their first launch will find), records them as members of the
 * context, creates pending enrollments for members who never launched, updates roles the LMS changed, and
 * recomputes enrollment status. Returns how many enrollments were added or changed.
 */
export async function applyRosterPage(
  _authz: SystemAuthz,
  { context, members, seenAt }: { context: LtiContext; members: RosterMember[]; seenAt: Date },
): Promise<{ added: number; updated: number; dropped: number }> {
  if (members.length === 0) return { added: 0, updated: 0, dropped: 0 };
  return db().transaction(async (tx) => {
    const userIds = await ensureMemberUsers(tx, context.platformId, members);
    const rows = members.map((m) => ({ ...m, userId: userIds.get(m.sub)! }));
    await tx
      .insert(ltiContextMembers)
      .values(rows.map((m) => ({ contextRowId: context.id, userId: m.userId, lmsStatus: m.lmsStatus, roles: m.roles, lastSeenAt: seenAt })))
      .onConflictDoUpdate({
        target: [ltiContextMembers.contextRowId, ltiContextMembers.userId],
        set: { lmsStatus: sql`excluded.lms_status`, roles: sql`excluded.roles`, lastSeenAt: sql`excluded.last_seen_at` },
      });
    // A member who never launched gets a pending enrollment (last_launch_at null). Roles follow the LMS, but only on
    // enrollments that came from it: manual and seeded enrollments are Lantern's own.
    const written = await tx
      .insert(enrollments)
      .values(rows.map((m) => ({ courseId: context.courseId, userId: m.userId, role: m.role, source: "roster" as const, status: enrollmentStatus(m.lmsStatus) })))
      .onConflictDoUpdate({
        target: [enrollments.courseId, enrollments.userId],
        set: { role: sql`excluded.role` },
        setWhere: sql`${enrollments.source} in ('lti', 'roster') and ${enrollments.role} <> excluded.role`,
      })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    const added = written.filter((w) => w.inserted).length;
    const statusChanges = await refreshEnrollmentStatuses(tx, context.courseId, rows.map((m) => m.userId));
    return {
      added,
      updated: written.length - added + statusChanges.filter((c) => c.status !== "dropped").length,
      dropped: statusChanges.filter((c) => c.status === "dropped").length,
    };
  });
}

function enrollmentStatus(lmsStatus: RosterMember["lmsStatus"]) {
  return lmsStatus === "deleted" ? ("dropped" as const) : lmsStatus;
}

/** The user behind each member's LMS identity, creating users (and their identities) for people new to Lantern. */
async function ensureMemberUsers(tx: Tx, platformId: string, members: RosterMember[]): Promise<Map<string, string>> {
  const subs = members.map((m) => m.sub);
  const known = await tx
    .select({ sub: ltiUsers.sub, user: users })
    .from(ltiUsers)
    .innerJoin(users, eq(users.id, ltiUsers.userId))
    .where(and(eq(ltiUsers.platformId, platformId), inArray(ltiUsers.sub, subs)));
  const ids = new Map(known.map((k) => [k.sub, k.user.id]));
  for (const { sub, user } of known) {
    const m = members.find((x) => x.sub === sub)!;
    // Like a launch: names and emails the LMS shares replace ours; what it leaves out is kept.
    const set = { ...(m.name !== null && { name: m.name }), ...(m.email !== null && { email: m.email }), isTestUser: m.isTestUser };
    if (Object.entries(set).some(([k, v]) => (user as Record<string, unknown>)[k] !== v)) await tx.update(users).set(set).where(eq(users.id, user.id));
  }
  const fresh = members.filter((m) => !ids.has(m.sub));
  if (fresh.length === 0) return ids;
  const created = fresh.map((m) => ({ id: randomUUID(), name: m.name, email: m.email, isTestUser: m.isTestUser, sub: m.sub }));
  await tx.insert(users).values(created.map(({ sub: _sub, ...u }) => u));
  const linked = await tx
    .insert(ltiUsers)
    .values(created.map((u) => ({ platformId, sub: u.sub, userId: u.id })))
    .onConflictDoNothing()
    .returning({ sub: ltiUsers.sub, userId: ltiUsers.userId });
  for (const l of linked) ids.set(l.sub, l.userId);
  const raced = created.filter((u) => !ids.has(u.sub));
  if (raced.length > 0) {
    // A first launch created these identities meanwhile: use its users and drop the ones made here (unreferenced).
    await tx.delete(users).where(inArray(users.id, raced.map((u) => u.id)));
    const winners = await tx
      .select({ sub: ltiUsers.sub, userId: ltiUsers.userId })
      .from(ltiUsers)
      .where(and(eq(ltiUsers.platformId, platformId), inArray(ltiUsers.sub, raced.map((u) => u.sub))));
    for (const w of winners) ids.set(w.sub, w.userId);
  }
  return ids;
}

/**
 * After a complete sync: members of the context the LMS no longer lists (and who did not launch since the sync
 * began) become `absent`, and their enrollments are recomputed (dropped when no context of the course lists them).
 * The LMS's preview user (Canvas Test Student) is not on NRPS rosters, so it is never dropped this way.
 */
export async function markAbsentMembers(_authz: SystemAuthz, { context, seenBefore }: { context: LtiContext; seenBefore: Date }): Promise<number> {
  return db().transaction(async (tx) => {
    const gone = await tx
      .update(ltiContextMembers)
      .set({ lmsStatus: "absent" })
      .where(
        and(
          eq(ltiContextMembers.contextRowId, context.id),
          lt(ltiContextMembers.lastSeenAt, seenBefore),
          ne(ltiContextMembers.lmsStatus, "absent"),
          sql`not exists (select 1 from ${users} u where u.id = ${ltiContextMembers.userId} and u.is_test_user)`,
        ),
      )
      .returning({ userId: ltiContextMembers.userId });
    if (gone.length === 0) return 0;
    const changes = await refreshEnrollmentStatuses(tx, context.courseId, gone.map((g) => g.userId));
    return changes.filter((c) => c.status === "dropped").length;
  });
}

/**
 * Sets each LMS-made enrollment's status from the user's memberships in all the course's contexts: active when any
 * context lists them as active, else inactive when one lists them inactive, else dropped. Returns what changed.
 */
async function refreshEnrollmentStatuses(tx: Tx, courseId: string, userIds: string[]) {
  const agg = await tx
    .select({
      userId: ltiContextMembers.userId,
      status: sql<"active" | "inactive" | "dropped">`case when bool_or(${ltiContextMembers.lmsStatus} = 'active') then 'active'
        when bool_or(${ltiContextMembers.lmsStatus} = 'inactive') then 'inactive' else 'dropped' end`,
    })
    .from(ltiContextMembers)
    .innerJoin(ltiContexts, eq(ltiContexts.id, ltiContextMembers.contextRowId))
    .where(and(eq(ltiContexts.courseId, courseId), inArray(ltiContextMembers.userId, userIds)))
    .groupBy(ltiContextMembers.userId);
  const changes: { userId: string; status: string }[] = [];
  for (const status of ["active", "inactive", "dropped"] as const) {
    const ids = agg.filter((a) => a.status === status).map((a) => a.userId);
    if (ids.length === 0) continue;
    const changed = await tx
      .update(enrollments)
      .set({ status })
      .where(
        and(
          eq(enrollments.courseId, courseId),
          inArray(enrollments.userId, ids),
          inArray(enrollments.source, ["lti", "roster"]),
          ne(enrollments.status, status),
        ),
      )
      .returning({ userId: enrollments.userId, status: enrollments.status });
    changes.push(...changed);
  }
  return changes;
}

/**
 * The launch's side of the roster, in one statement (data-modifying CTEs: all or nothing, one round trip instead of
 * three on a first launch): the enrollment records the launch's role, sections and an active status; the launching
 * member is listed in the context now (so a sync that started before this launch does not mark them absent); and for
 * a user created by this launch (`newExchangeUsername`) their nbgrader identity is inserted. Answers whether that
 * insert happened: false when the username is taken (or the user already has one), and the caller then takes
 * ensureExchangeUser's path, which picks a free name.
 */
export async function recordMemberLaunch(
  _authz: SystemAuthz,
  p: { context: LtiContext; userId: string; role: CourseRole; roles: string[]; sections: string[]; at: Date; newExchangeUsername: string | null },
): Promise<{ exchangeUserInserted: boolean }> {
  const { context, userId, role, roles, sections, at } = p;
  const d = db();
  const enrolled = d.$with("launch_enrollment").as(
    d
      .insert(enrollments)
      .values({ courseId: context.courseId, userId, role, source: "lti", lastLaunchAt: at, sections })
      .onConflictDoUpdate({ target: [enrollments.courseId, enrollments.userId], set: { role, status: "active", lastLaunchAt: at, sections } })
      .returning({ id: enrollments.id }),
  );
  const member = d.$with("launch_member").as(
    d
      .insert(ltiContextMembers)
      .values({ contextRowId: context.id, userId, lmsStatus: "active", roles, lastSeenAt: at })
      .onConflictDoUpdate({ target: [ltiContextMembers.contextRowId, ltiContextMembers.userId], set: { lmsStatus: "active", roles, lastSeenAt: at } })
      .returning({ id: ltiContextMembers.id }),
  );
  if (p.newExchangeUsername === null) {
    await d.with(enrolled, member).select({ id: enrolled.id }).from(enrolled);
    return { exchangeUserInserted: false };
  }
  const exchange = d.$with("launch_exchange_user").as(
    d.insert(exchangeUsers).values({ userId, username: p.newExchangeUsername }).onConflictDoNothing().returning({ id: exchangeUsers.id }),
  );
  // Every CTE runs to completion whether or not the outer query reads it (PostgreSQL, "Data-Modifying Statements in WITH").
  const rows = await d.with(enrolled, member, exchange).select({ id: exchange.id }).from(exchange);
  return { exchangeUserInserted: rows.length > 0 };
}

export type RosterFilters = {
  role?: CourseRole;
  status?: Enrollment["status"];
  /** Only members who never launched (pending enrollments). */
  neverLaunched?: boolean;
  section?: string;
  /** Part of a name or email. */
  search?: string;
};

export type RosterEntry = {
  userId: string;
  name: string | null;
  email: string | null;
  isTestUser: boolean;
  role: CourseRole;
  status: Enrollment["status"];
  source: Enrollment["source"];
  lastLaunchAt: Date | null;
  sections: string[];
};

/** The course's members (staff only), filtered, by name; `total` counts every match for paging. */
export async function selectCourseRoster({
  authz,
  filters,
  limit = 100,
  offset = 0,
}: {
  authz: CourseAuthz;
  filters: RosterFilters;
  limit?: number;
  offset?: number;
}): Promise<{ entries: RosterEntry[]; total: number }> {
  if (!isStaffRole(authz.role)) throw notFound();
  const where = and(
    eq(enrollments.courseId, authz.course.id),
    filters.role ? eq(enrollments.role, filters.role) : undefined,
    filters.status ? eq(enrollments.status, filters.status) : undefined,
    filters.neverLaunched ? isNull(enrollments.lastLaunchAt) : undefined,
    filters.section ? sql`${enrollments.sections} ? ${filters.section}` : undefined,
    filters.search ? or(ilike(users.name, `%${escapeLike(filters.search)}%`), ilike(users.email, `%${escapeLike(filters.search)}%`)) : undefined,
  );
  const [entries, [{ total }]] = await Promise.all([
    db()
      .select({
        userId: users.id,
        name: users.name,
        email: users.email,
        isTestUser: users.isTestUser,
        role: enrollments.role,
        status: enrollments.status,
        source: enrollments.source,
        lastLaunchAt: enrollments.lastLaunchAt,
        sections: enrollments.sections,
      })
      .from(enrollments)
      .innerJoin(users, eq(users.id, enrollments.userId))
      .where(where)
      .orderBy(sql`${users.name} asc nulls last`, asc(users.id))
      .limit(limit)
      .offset(offset),
    db().select({ total: count() }).from(enrollments).innerJoin(users, eq(users.id, enrollments.userId)).where(where),
  ]);
  return { entries, total };
}

/** Counts per status and the pending (never launched) members, for the roster's summary line. */
export async function selectRosterSummary({ authz }: { authz: CourseAuthz }) {
  if (!isStaffRole(authz.role)) throw notFound();
  const [row] = await db()
    .select({
      total: count(),
      active: sql<number>`count(*) filter (where ${enrollments.status} = 'active')`.mapWith(Number),
      inactive: sql<number>`count(*) filter (where ${enrollments.status} = 'inactive')`.mapWith(Number),
      dropped: sql<number>`count(*) filter (where ${enrollments.status} = 'dropped')`.mapWith(Number),
      neverLaunched: sql<number>`count(*) filter (where ${enrollments.lastLaunchAt} is null)`.mapWith(Number),
      sections: sql<string[]>`coalesce((select jsonb_agg(distinct s) from ${enrollments} e2, jsonb_array_elements_text(e2.sections) s where e2.course_id = ${authz.course.id}), '[]'::jsonb)`,
    })
    .from(enrollments)
    .where(eq(enrollments.courseId, authz.course.id));
  return { ...row, sections: [...row.sections].sort() };
}

/** `%` and `_` typed into a search box match themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
