import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseRole } from "@/lib/auth/roles";
import type { Course } from "./courses";

const { exchangeUsers, exchangeCourses, enrollments, courses, ltiUsers, users } = schema;

export type ExchangeUser = typeof exchangeUsers.$inferSelect;

/** A directory-safe username from a person's name or email (nbgrader uses it as a folder name). */
export function usernameBase(name: string | null, email: string | null): string {
  const source = email?.split("@")[0] || name || "student";
  const base = source
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[-._]+|[-._]+$/g, "")
    .slice(0, 40);
  return base || "student";
}

/**
 * The exchange's record of a Lantern user (nbexchange's integer id and the username nbgrader sees), created on first
 * use. `fresh`: the user was created just now (their first launch), so the insert is tried first — one statement.
 */
export async function ensureExchangeUser({
  user,
  fresh = false,
}: {
  user: { id: string; name: string | null; email: string | null };
  fresh?: boolean;
}): Promise<ExchangeUser> {
  const base = usernameBase(user.name, user.email);
  if (fresh) {
    const [inserted] = await db().insert(exchangeUsers).values({ userId: user.id, username: base }).onConflictDoNothing().returning();
    if (inserted) return inserted;
  }
  const [existing] = await db().select().from(exchangeUsers).where(eq(exchangeUsers.userId, user.id)).limit(1);
  if (existing) return existing;
  // A username taken by someone else gets a short suffix; the user id is unique, so a racing twin insert is found.
  for (let attempt = 0; attempt < 8; attempt++) {
    const username = attempt === 0 ? base : `${base}-${randomBytes(2).toString("hex")}`;
    const [inserted] = await db().insert(exchangeUsers).values({ userId: user.id, username }).onConflictDoNothing().returning();
    if (inserted) return inserted;
    const [again] = await db().select().from(exchangeUsers).where(eq(exchangeUsers.userId, user.id)).limit(1);
    if (again) return again;
  }
  throw new Error("could not choose an exchange username");
}

/** Exchange records of several users, keyed by user id (creating any that are missing). */
export async function ensureExchangeUsers({
  users,
}: {
  users: { id: string; name: string | null; email: string | null }[];
}): Promise<Map<string, ExchangeUser>> {
  const ids = [...new Set(users.map((u) => u.id))];
  const found = ids.length ? await db().select().from(exchangeUsers).where(inArray(exchangeUsers.userId, ids)) : [];
  const byUser = new Map(found.map((row) => [row.userId, row]));
  for (const user of users) if (!byUser.has(user.id)) byUser.set(user.id, await ensureExchangeUser({ user }));
  return byUser;
}

/** The exchange user with this username (in this organisation, or among LMS users when null), or null. */
export async function selectOptionalExchangeUserByUsername({
  username,
  userIds,
}: {
  username: string;
  /** Only these users count (the course's members), so a username never reaches outside the course. */
  userIds: string[];
}): Promise<ExchangeUser | null> {
  if (!userIds.length) return null;
  const [row] = await db()
    .select()
    .from(exchangeUsers)
    .where(and(eq(exchangeUsers.username, username), inArray(exchangeUsers.userId, userIds)))
    .limit(1);
  return row ?? null;
}

/** The user behind an nbexchange identity (organisation + username), or null. */
export async function selectOptionalExchangeIdentity({ organisation, username }: { organisation: string; username: string }) {
  const [row] = await db()
    .select()
    .from(exchangeUsers)
    .where(and(eq(exchangeUsers.organisation, organisation), eq(exchangeUsers.username, username)))
    .limit(1);
  return row ?? null;
}

/** Records that `userId` is the nbexchange identity (organisation, username). */
export async function insertExchangeIdentity(values: { userId: string; organisation: string; username: string }) {
  const [row] = await db().insert(exchangeUsers).values(values).onConflictDoNothing().returning();
  return row ?? (await selectOptionalExchangeIdentity(values));
}

/** The course an organisation's course code names, or null. */
export async function selectOptionalOrganisationCourse({ organisation, code }: { organisation: string; code: string }) {
  const [row] = await db()
    .select({ course: courses })
    .from(exchangeCourses)
    .innerJoin(courses, eq(courses.id, exchangeCourses.courseId))
    .where(and(eq(exchangeCourses.organisation, organisation), eq(exchangeCourses.code, code), isNull(courses.deletedAt)))
    .limit(1);
  return row?.course ?? null;
}

/** Records that an organisation's course code names this course. */
export async function insertOrganisationCourse(values: { organisation: string; code: string; courseId: string }) {
  await db().insert(exchangeCourses).values(values).onConflictDoNothing();
  return selectOptionalOrganisationCourse(values);
}

/**
 * The live courses with this code that the user is an active member of, with their role and the organisation that
 * owns the code (null for LMS courses). Codes match exactly, case and all, as nbexchange matches them.
 */
export async function selectExchangeCoursesByCode({ userId, code }: { userId: string; code: string }) {
  return db()
    .select({ course: courses, role: enrollments.role, organisation: exchangeCourses.organisation })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .leftJoin(exchangeCourses, eq(exchangeCourses.courseId, courses.id))
    .where(and(eq(enrollments.userId, userId), eq(enrollments.status, "active"), isNull(courses.deletedAt), eq(courses.code, code)))
    .orderBy(asc(courses.createdAt));
}

/** Every live course (with a code) the user is an active member of: what the exchange `history` lists. */
export async function selectExchangeCoursesForUser({ userId }: { userId: string }): Promise<{ course: Course; role: CourseRole }[]> {
  return db()
    .select({ course: courses, role: enrollments.role })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .where(and(eq(enrollments.userId, userId), eq(enrollments.status, "active"), isNull(courses.deletedAt), sql`${courses.code} is not null`))
    .orderBy(asc(courses.createdAt));
}

/** The LMS user id (LTI `sub`) of each user, for `collections`' `lms_user_id`. */
export async function selectLmsUserIds({ userIds }: { userIds: string[] }): Promise<Map<string, string>> {
  if (!userIds.length) return new Map();
  const rows = await db().select({ userId: ltiUsers.userId, sub: ltiUsers.sub }).from(ltiUsers).where(inArray(ltiUsers.userId, userIds));
  return new Map(rows.map((r) => [r.userId, r.sub]));
}

/** Ids of everyone enrolled in the course (any status: a dropped student's submissions stay collectable). */
export async function selectCourseMemberIds({ courseId }: { courseId: string }): Promise<string[]> {
  const rows = await db().select({ userId: enrollments.userId }).from(enrollments).where(eq(enrollments.courseId, courseId));
  return rows.map((r) => r.userId);
}

/** Name and email of these users (for exchange listings). */
export async function selectUsersByIds({ userIds }: { userIds: string[] }) {
  const ids = [...new Set(userIds)];
  if (!ids.length) return [];
  return db().select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, ids));
}
