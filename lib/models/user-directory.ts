import { and, asc, desc, eq, gt, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import { db, schema } from "@/db";
import type { SiteAuthz } from "@/lib/auth/authz";
import type { CourseRole } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import { decodeCursor, pageOf } from "@/lib/pagination";
import { isUuid } from "./courses";
import { escapeLike } from "./roster";
import type { User } from "./users";

const { users, enrollments, courses, ltiUsers, ltiPlatforms, sessions, apiTokens } = schema;

function requireAdmin(authz: SiteAuthz): void {
  if (!authz.roles.includes("admin")) throw notFound();
}

/** A row of the admin user list. */
export type UserListItem = Pick<User, "id" | "name" | "email" | "siteRoles" | "deactivatedAt" | "isTestUser" | "createdAt"> & {
  courseCount: number;
  lmsAccountCount: number;
};

/** Users, newest first, matching `q` (name or email contains it, or it is the user's id); one keyset page at a time. */
export async function selectUserList({
  authz,
  q,
  role,
  cursor,
  limit = 50,
}: {
  authz: SiteAuthz;
  q?: string;
  role?: "admin" | "researcher";
  cursor?: string | null;
  limit?: number;
}): Promise<{ items: UserListItem[]; nextCursor: string | null }> {
  requireAdmin(authz);
  const after = decodeCursor(cursor);
  const where: (SQL | undefined)[] = [
    q
      ? or(ilike(users.name, `%${escapeLike(q)}%`), ilike(users.email, `%${escapeLike(q)}%`), isUuid(q) ? eq(users.id, q) : undefined)
      : undefined,
    role ? sql`${role} = any(${users.siteRoles})` : undefined,
    after ? sql`(${users.createdAt}, ${users.id}) < (${after.at}::timestamptz, ${after.id}::uuid)` : undefined,
  ];
  const rows = await db()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      siteRoles: users.siteRoles,
      deactivatedAt: users.deactivatedAt,
      isTestUser: users.isTestUser,
      createdAt: users.createdAt,
      courseCount: sql<number>`(select count(*)::int from enrollments e where e.user_id = "users"."id")`,
      lmsAccountCount: sql<number>`(select count(*)::int from lti_users l where l.user_id = "users"."id")`,
    })
    .from(users)
    .where(and(...where))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(limit + 1);
  return pageOf(
    rows.map((r) => ({ ...r, courseCount: Number(r.courseCount), lmsAccountCount: Number(r.lmsAccountCount) })),
    limit,
    (r) => r.createdAt,
  );
}

/** One user as the admin user page shows them: roles, enrollments and how they sign in. */
export type UserDetail = {
  user: Pick<User, "id" | "name" | "email" | "emailVerified" | "siteRoles" | "deactivatedAt" | "isTestUser" | "createdAt">;
  enrollments: { courseId: string; courseTitle: string; courseCode: string | null; courseDeleted: boolean; role: CourseRole; status: string; source: string; lastLaunchAt: Date | null }[];
  lmsAccounts: { platformName: string; issuer: string; ltiVersion: string; sub: string; since: Date }[];
  activeSessions: number;
  liveApiTokens: number;
};

/** The admin view of one user; a 404 for an unknown or malformed id. */
export async function selectUserDetail({ authz, unsafeUserId }: { authz: SiteAuthz; unsafeUserId: string }): Promise<UserDetail> {
  requireAdmin(authz);
  if (!isUuid(unsafeUserId)) throw notFound("No such user.");
  const [user] = await db()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      emailVerified: users.emailVerified,
      siteRoles: users.siteRoles,
      deactivatedAt: users.deactivatedAt,
      isTestUser: users.isTestUser,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(eq(users.id, unsafeUserId));
  if (!user) throw notFound("No such user.");
  const now = new Date();
  const [memberships, accounts, [sessionCount], [tokenCount]] = await Promise.all([
    db()
      .select({
        courseId: courses.id,
        courseTitle: courses.title,
        courseCode: courses.code,
        courseDeleted: sql<boolean>`${courses.deletedAt} is not null`,
        role: enrollments.role,
        status: enrollments.status,
        source: enrollments.source,
        lastLaunchAt: enrollments.lastLaunchAt,
      })
      .from(enrollments)
      .innerJoin(courses, eq(courses.id, enrollments.courseId))
      .where(eq(enrollments.userId, user.id))
      .orderBy(asc(courses.title)),
    db()
      .select({ platformName: ltiPlatforms.name, issuer: ltiPlatforms.issuer, ltiVersion: ltiPlatforms.ltiVersion, sub: ltiUsers.sub, since: ltiUsers.createdAt })
      .from(ltiUsers)
      .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, ltiUsers.platformId))
      .where(eq(ltiUsers.userId, user.id))
      .orderBy(asc(ltiUsers.createdAt)),
    db().select({ n: sql<number>`count(*)::int` }).from(sessions).where(and(eq(sessions.userId, user.id), gt(sessions.expiresAt, now))),
    db()
      .select({ n: sql<number>`count(*)::int` })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, user.id), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now))),
  ]);
  return {
    user,
    enrollments: memberships.map((m) => ({ ...m, courseDeleted: Boolean(m.courseDeleted) })),
    lmsAccounts: accounts,
    activeSessions: Number(sessionCount?.n ?? 0),
    liveApiTokens: Number(tokenCount?.n ?? 0),
  };
}
