import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseAuthz } from "@/lib/auth/authz";
import { notFound } from "@/lib/errors";
import { isUuid } from "./courses";

const { courseResearchSettings, researchConsents, researchAccessGrants, researchProjects, users, courses } = schema;

export type ConsentModel = "opt_in" | "opt_out";
export type ConsentChoice = "granted" | "declined";

/** The course's consent model and wording; null when the instructor has not set one (defaults apply). */
export async function selectOptionalResearchSettings({ courseId }: { courseId: string }) {
  const [row] = await db().select().from(courseResearchSettings).where(eq(courseResearchSettings.courseId, courseId)).limit(1);
  return row ?? null;
}

/** Sets the course's consent model and wording (instructors; the caller checked the role). */
export async function ensureResearchSettings({ authz, consentModel, wording }: { authz: CourseAuthz; consentModel: ConsentModel; wording: string }) {
  await db()
    .insert(courseResearchSettings)
    .values({ courseId: authz.course.id, consentModel, wording, updatedByUserId: authz.session.user.id })
    .onConflictDoUpdate({ target: courseResearchSettings.courseId, set: { consentModel, wording, updatedByUserId: authz.session.user.id } });
}

/** The caller's own consent choice in the course, or null when they have not chosen. */
export async function selectOptionalOwnConsent({ authz }: { authz: CourseAuthz }): Promise<{ choice: ConsentChoice; updatedAt: Date } | null> {
  const [row] = await db()
    .select({ choice: researchConsents.choice, updatedAt: researchConsents.updatedAt })
    .from(researchConsents)
    .where(and(eq(researchConsents.courseId, authz.course.id), eq(researchConsents.userId, authz.session.user.id)))
    .limit(1);
  return row ?? null;
}

/** Records the caller's own choice (students change it whenever they like; the latest counts at export time). */
export async function ensureOwnConsent({ authz, choice }: { authz: CourseAuthz; choice: ConsentChoice }) {
  await db()
    .insert(researchConsents)
    .values({ courseId: authz.course.id, userId: authz.session.user.id, choice })
    .onConflictDoUpdate({ target: [researchConsents.courseId, researchConsents.userId], set: { choice, updatedAt: new Date() } });
}

/** How many of the course's students are in and out of research exports under its current model. */
export async function selectConsentCounts({ authz }: { authz: CourseAuthz }) {
  const result = await db().execute(sql`
    select count(*) filter (where rc.choice = 'granted')::int as granted,
           count(*) filter (where rc.choice = 'declined')::int as declined,
           count(*) filter (where rc.choice is null)::int as undecided
    from enrollments e join users u on u.id = e.user_id
    left join research_consents rc on rc.course_id = e.course_id and rc.user_id = e.user_id
    where e.course_id = ${authz.course.id} and e.role = 'student' and e.status = 'active' and not u.is_test_user`);
  const [row] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { granted: number; declined: number; undecided: number }[];
  return { granted: Number(row.granted), declined: Number(row.declined), undecided: Number(row.undecided) };
}

/** Active research-access grants of the course, with the researchers' names. */
export async function selectResearchGrants({ authz }: { authz: CourseAuthz }) {
  return db()
    .select({ id: researchAccessGrants.id, researcherUserId: researchAccessGrants.researcherUserId, name: users.name, email: users.email, createdAt: researchAccessGrants.createdAt })
    .from(researchAccessGrants)
    .innerJoin(users, eq(users.id, researchAccessGrants.researcherUserId))
    .where(and(eq(researchAccessGrants.courseId, authz.course.id), isNull(researchAccessGrants.revokedAt)))
    .orderBy(asc(users.name));
}

/** A user found by email (case-insensitive), for naming a researcher; null when there is none. */
export async function selectOptionalUserByEmail({ email }: { email: string }) {
  const [row] = await db().select({ id: users.id, name: users.name, email: users.email }).from(users).where(sql`lower(${users.email}) = lower(${email})`).limit(1);
  return row ?? null;
}

/** Grants a researcher the course's de-identified exports (no-op when already granted). */
export async function insertResearchGrant({ authz, researcherUserId }: { authz: CourseAuthz; researcherUserId: string }): Promise<boolean> {
  return db().transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: researchAccessGrants.id })
      .from(researchAccessGrants)
      .where(and(eq(researchAccessGrants.courseId, authz.course.id), eq(researchAccessGrants.researcherUserId, researcherUserId), isNull(researchAccessGrants.revokedAt)))
      .for("update");
    if (existing) return false;
    await tx.insert(researchAccessGrants).values({ courseId: authz.course.id, researcherUserId, grantedByUserId: authz.session.user.id });
    return true;
  });
}

/** Revokes a grant of this course (a grant of another course is a 404). */
export async function revokeResearchGrant({ authz, unsafeGrantId }: { authz: CourseAuthz; unsafeGrantId: string }) {
  if (!isUuid(unsafeGrantId)) throw notFound("No such grant.");
  const rows = await db()
    .update(researchAccessGrants)
    .set({ revokedAt: new Date(), revokedByUserId: authz.session.user.id })
    .where(and(eq(researchAccessGrants.id, unsafeGrantId), eq(researchAccessGrants.courseId, authz.course.id), isNull(researchAccessGrants.revokedAt)))
    .returning({ id: researchAccessGrants.id, researcherUserId: researchAccessGrants.researcherUserId });
  if (rows.length === 0) throw notFound("No such grant.");
  return rows[0];
}

/** Whether the user holds an active research grant for the course. */
export async function hasResearchGrant({ userId, courseId }: { userId: string; courseId: string }): Promise<boolean> {
  const [row] = await db()
    .select({ id: researchAccessGrants.id })
    .from(researchAccessGrants)
    .where(and(eq(researchAccessGrants.courseId, courseId), eq(researchAccessGrants.researcherUserId, userId), isNull(researchAccessGrants.revokedAt)))
    .limit(1);
  return Boolean(row);
}

/** The live courses a researcher has been granted. */
export async function selectResearcherCourses({ userId }: { userId: string }) {
  return db()
    .selectDistinct({ id: courses.id, title: courses.title, code: courses.code })
    .from(researchAccessGrants)
    .innerJoin(courses, eq(courses.id, researchAccessGrants.courseId))
    .where(and(eq(researchAccessGrants.researcherUserId, userId), isNull(researchAccessGrants.revokedAt), isNull(courses.deletedAt)))
    .orderBy(asc(courses.title));
}

/** A researcher's projects (stable subject-id keys), by name. */
export async function selectResearchProjects({ ownerUserId }: { ownerUserId: string }) {
  return db().select().from(researchProjects).where(eq(researchProjects.ownerUserId, ownerUserId)).orderBy(asc(researchProjects.name));
}

/** Finds or creates the caller's project of that name. */
export async function ensureResearchProject({ ownerUserId, name }: { ownerUserId: string; name: string }) {
  await db().insert(researchProjects).values({ ownerUserId, name }).onConflictDoNothing();
  const [row] = await db().select().from(researchProjects).where(and(eq(researchProjects.ownerUserId, ownerUserId), eq(researchProjects.name, name)));
  return row;
}

/** One of the owner's projects; someone else's is a 404. */
export async function selectOwnResearchProject({ ownerUserId, unsafeProjectId }: { ownerUserId: string; unsafeProjectId: string }) {
  if (!isUuid(unsafeProjectId)) throw notFound("No such project.");
  const [row] = await db().select().from(researchProjects).where(and(eq(researchProjects.id, unsafeProjectId), eq(researchProjects.ownerUserId, ownerUserId)));
  if (!row) throw notFound("No such project.");
  return row;
}
