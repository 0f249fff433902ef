import { and, eq, isNull, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import type { SiteAuthz, SystemAuthz } from "@/lib/auth/authz";
import { SITE_ROLES, type SiteRole } from "@/lib/auth/roles";
import type { RequestLike } from "@/lib/client-address";
import { conflict, notFound } from "@/lib/errors";
import { insertAuditEvent } from "./audit-log";
import type { Executor } from "./code-states";

const { users, sessions } = schema;

/**
 * Refuses an admin's change that would leave the site without an active admin (nobody could then manage it from the
 * pages; the command line, which has the database anyway, may). Locks every
 * active admin's row first, so two admins demoting each other at once cannot both succeed.
 */
async function keepAnAdmin(tx: Executor, userId: string): Promise<void> {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(sql`'admin' = any(${users.siteRoles})`, isNull(users.deactivatedAt)))
    .orderBy(users.id)
    .for("update");
  if (admins.length === 1 && admins[0].id === userId) {
    throw conflict("This is the last active admin: make someone else an admin first.");
  }
}

export type User = typeof users.$inferSelect;

/** The user with this id; throws a 404 when there is none. */
export async function selectUser({ userId }: { userId: string }): Promise<User> {
  const user = await selectOptionalUser({ userId });
  if (!user) throw notFound("No such user.");
  return user;
}

/** The user with this id, or null. */
export async function selectOptionalUser({ userId }: { userId: string }): Promise<User | null> {
  const [user] = await db().select().from(users).where(eq(users.id, userId)).limit(1);
  return user ?? null;
}

/** Creates a user. */
export async function insertUser({
  values,
}: {
  values: Pick<typeof users.$inferInsert, "name" | "email"> &
    Partial<Pick<typeof users.$inferInsert, "isTestUser" | "siteRoles" | "emailVerified">>;
}): Promise<User> {
  const [user] = await db().insert(users).values(values).returning();
  return user;
}

/** Finds or creates the user behind a test-only login key (never used outside test/dev; see lib/auth/test-login). */
export async function ensureTestLoginUser({
  key,
  name,
  email,
  siteRoles,
}: {
  key: string;
  name?: string;
  email?: string | null;
  siteRoles?: SiteRole[];
}): Promise<User> {
  // Only the fields the caller names are updated, so seeded names survive a demo sign-in.
  const set = {
    testLoginKey: key,
    ...(name !== undefined && { name }),
    ...(email !== undefined && { email }),
    ...(siteRoles !== undefined && { siteRoles }),
  };
  const [user] = await db()
    .insert(users)
    .values({ testLoginKey: key, name: name ?? key, email: email ?? null, siteRoles: siteRoles ?? [] })
    .onConflictDoUpdate({ target: users.testLoginKey, set })
    .returning();
  return user;
}

/**
 * Sets a user's site roles (admins only, or the command line), recording before/after in the audit log in the same
 * transaction. Returns the updated user; an unknown user is a 404.
 */
export async function updateUserSiteRoles({
  authz,
  userId,
  roles,
  req,
}: {
  authz: SiteAuthz | SystemAuthz;
  userId: string;
  roles: readonly SiteRole[];
  req?: RequestLike | null;
}): Promise<User> {
  if (authz.kind === "site" && !authz.roles.includes("admin")) throw notFound();
  const next = SITE_ROLES.filter((r) => roles.includes(r));
  return db().transaction(async (tx) => {
    if (authz.kind === "site" && !next.includes("admin")) await keepAnAdmin(tx, userId);
    const [current] = await tx.select().from(users).where(eq(users.id, userId)).for("no key update");
    if (!current) throw notFound("No such user.");
    if (sameRoles(current.siteRoles, next)) return current;
    const [updated] = await tx.update(users).set({ siteRoles: next }).where(eq(users.id, userId)).returning();
    await insertAuditEvent({
      authz,
      action: "user.roles_change",
      subject: { type: "user", id: userId },
      before: { siteRoles: current.siteRoles },
      after: { siteRoles: updated.siteRoles },
      req,
      tx,
    });
    return updated;
  });
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}

/**
 * Deactivates (or reactivates) a user: a deactivated user's sessions end (they are deleted, so reactivation does not
 * revive them) and their API tokens stop working; they cannot sign in or launch; their work is kept. The last active
 * admin cannot be deactivated. Admins only (or the command line); audited.
 */
export async function updateUserActive({
  authz,
  userId,
  active,
  req,
}: {
  authz: SiteAuthz | SystemAuthz;
  userId: string;
  active: boolean;
  req?: RequestLike | null;
}): Promise<User> {
  if (authz.kind === "site" && !authz.roles.includes("admin")) throw notFound();
  return db().transaction(async (tx) => {
    if (authz.kind === "site" && !active) await keepAnAdmin(tx, userId);
    const [current] = await tx.select().from(users).where(eq(users.id, userId)).for("no key update");
    if (!current) throw notFound("No such user.");
    if ((current.deactivatedAt === null) === active) return current;
    if (!active) await tx.delete(sessions).where(eq(sessions.userId, userId));
    const [updated] = await tx
      .update(users)
      .set({ deactivatedAt: active ? null : new Date() })
      .where(eq(users.id, userId))
      .returning();
    await insertAuditEvent({
      authz,
      action: active ? "user.reactivate" : "user.deactivate",
      subject: { type: "user", id: userId },
      before: { active: current.deactivatedAt === null },
      after: { active },
      req,
      tx,
    });
    return updated;
  });
}

/** A user found by email address, with what vouches for that address (see lib/auth/email-sign-in.ts). */
export type UserByEmail = User & {
  /** Linked to an LMS account and launched as staff (instructor, TA, designer): the LMS vouched for the address. */
  launchedAsStaff: boolean;
  /** Linked to any LMS account: its address came from an LMS, not from an admin or the command line. */
  hasLmsAccount: boolean;
};

/** Active (not deactivated) users whose email is this address, case-insensitively; oldest first. */
export async function selectUsersByEmail({ email }: { email: string }): Promise<UserByEmail[]> {
  const rows = await db()
    .select({
      user: users,
      // Spelled out in SQL: drizzle leaves columns unqualified inside a select list, which is ambiguous here.
      launchedAsStaff: sql<boolean>`exists (
        select 1 from enrollments e join lti_users l on l.user_id = e.user_id
        where e.user_id = "users"."id" and e.status = 'active'
          and e.role in ('instructor', 'ta', 'designer') and e.last_launch_at is not null)`,
      hasLmsAccount: sql<boolean>`exists (select 1 from lti_users l where l.user_id = "users"."id")`,
    })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.toLowerCase()}`, isNull(users.deactivatedAt)))
    .orderBy(users.createdAt)
    .limit(20);
  return rows.map((r) => ({ ...r.user, launchedAsStaff: r.launchedAsStaff, hasLmsAccount: r.hasLmsAccount }));
}

/** Records that the user proved control of their address (a used sign-in link). */
export async function updateUserEmailVerified({ userId, at }: { userId: string; at: Date }): Promise<User> {
  const [user] = await db().update(users).set({ emailVerified: at }).where(eq(users.id, userId)).returning();
  if (!user) throw notFound("No such user.");
  return user;
}
