import { randomUUID } from "node:crypto";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import { isUniqueViolation } from "@/db/errors";
import { prepared, statementName } from "@/db/prepared";
import type { AgsClaim } from "@/db/schema/lti";
import type { CourseAuthz } from "@/lib/auth/authz";
import { isStaffRole } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import { sameJson } from "@/lib/same-json";
import type { Enrollment } from "./enrollments";
import type { User } from "./users";
import { invalidateFrameOrigins } from "@/lib/security-headers/frame-origins";

const { ltiLoginStates, ltiPlatforms, ltiUsers, ltiContexts, ltiResourceLinks, users, courses, assignments, enrollments } =
  schema;

export type LtiLoginState = typeof ltiLoginStates.$inferSelect;
export type LtiContext = typeof ltiContexts.$inferSelect;
export type LtiResourceLink = typeof ltiResourceLinks.$inferSelect;

/** Records a login in flight (state and binding are stored hashed). */
export async function insertLoginState({
  values,
}: {
  values: Pick<
    typeof ltiLoginStates.$inferInsert,
    "stateHash" | "nonce" | "bindingHash" | "platformId" | "storageTarget" | "loginParams" | "expiresAt"
  >;
}): Promise<void> {
  await loginInsert().execute({ ...values, storageTarget: values.storageTarget ?? null });
}

// Prepared: one per login initiation (the launch path's first statement).
const loginInsert = prepared("lti_insert_login_state", (d) =>
  d
    .insert(ltiLoginStates)
    .values({
      stateHash: sql.placeholder("stateHash"),
      nonce: sql.placeholder("nonce"),
      bindingHash: sql.placeholder("bindingHash"),
      platformId: sql.placeholder("platformId"),
      storageTarget: sql.placeholder("storageTarget"),
      loginParams: sql.placeholder("loginParams"),
      expiresAt: sql.placeholder("expiresAt"),
    })
    .prepare(statementName("lti_insert_login_state")),
);

/** The unexpired login for this state hash with its platform, or null (does not consume it). */
export async function selectOptionalLoginStateWithPlatform({ stateHash }: { stateHash: string }) {
  const [row] = await db()
    .select({ loginState: ltiLoginStates, platform: ltiPlatforms })
    .from(ltiLoginStates)
    .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, ltiLoginStates.platformId))
    .where(and(eq(ltiLoginStates.stateHash, stateHash), gt(ltiLoginStates.expiresAt, new Date())))
    .limit(1);
  return row ?? null;
}

/**
 * Consumes the unexpired login with this state and browser binding: deleted and returned in one statement, so only
 * one request can ever use it. Null when there is no such login (unknown, expired, used, or another binding).
 */
export async function consumeBoundLoginState({
  stateHash,
  bindingHash,
}: {
  stateHash: string;
  bindingHash: string;
}): Promise<LtiLoginState | null> {
  const [row] = await consumeLogin().execute({ stateHash, bindingHash, now: new Date() });
  return row ?? null;
}

const consumeLogin = prepared("lti_consume_login_state", (d) =>
  d
    .delete(ltiLoginStates)
    .where(
      and(
        eq(ltiLoginStates.stateHash, sql.placeholder("stateHash")),
        eq(ltiLoginStates.bindingHash, sql.placeholder("bindingHash")),
        gt(ltiLoginStates.expiresAt, sql.placeholder("now")),
      ),
    )
    .returning()
    .prepare(statementName("lti_consume_login_state")),
);

/** Removes expired logins; returns how many. */
export async function deleteExpiredLoginStates(): Promise<number> {
  const removed = await db()
    .delete(ltiLoginStates)
    .where(lt(ltiLoginStates.expiresAt, new Date()))
    .returning({ id: ltiLoginStates.id });
  return removed.length;
}

export type LtiUserInput = {
  platformId: string;
  sub: string;
  /** Only updated when the LMS shares them (undefined = not shared, keep what we have). */
  name?: string;
  email?: string;
  isTestUser: boolean;
  /** The course being launched into: its enrollment comes back in the same query. */
  courseId: string;
};

export type LtiUserInCourse = {
  user: User;
  enrollment: Pick<Enrollment, "role" | "status" | "lastLaunchAt" | "sections"> | null;
};

/**
 * Finds or creates the Lantern user behind (platform, sub), refreshing name/email when the LMS shares them, and
 * returns their current enrollment in `courseId` (one query on the usual path: launches are the hottest path, see
 * bench/launch).
 */
export async function ensureLtiUser(input: LtiUserInput): Promise<LtiUserInCourse> {
  const found = await findLtiUser(input);
  return found ?? createLtiUser(input);
}

/** Creates the user behind (platform, sub) that a launch found missing; a concurrent first launch's user wins. */
export async function createLtiUser(input: LtiUserInput): Promise<LtiUserInCourse> {
  const { platformId, sub, name, email, isTestUser } = input;
  try {
    // Both rows in one statement (data-modifying CTEs): atomic like a transaction, one round trip instead of four.
    const userId = randomUUID();
    const d = db();
    const newUser = d.$with("new_user").as(d.insert(users).values({ id: userId, name: name ?? null, email: email ?? null, isTestUser }).returning());
    const newIdentity = d.$with("new_identity").as(d.insert(ltiUsers).values({ platformId, sub, userId }).returning({ id: ltiUsers.id }));
    const [user] = await d.with(newUser, newIdentity).select().from(newUser);
    return { user, enrollment: null };
  } catch (error) {
    // A concurrent first launch of the same (platform, sub) won the race (lti_users' unique index): its row is the
    // user, and our statement's user row failed with it. Retried once; anything else is a real failure.
    if (!isUniqueViolation(error)) throw error;
    const winner = await findLtiUser(input);
    if (!winner) throw error;
    return winner;
  }
}

/** The existing user behind (platform, sub) with their enrollment in the course, refreshed from the launch; or null. */
async function findLtiUser(input: LtiUserInput): Promise<LtiUserInCourse | null> {
  const { platformId, sub, courseId } = input;
  const [existing] = await userInCourse().execute({ platformId, sub, courseId });
  if (!existing) return null;
  const enrollment =
    existing.role && existing.status
      ? { role: existing.role, status: existing.status, lastLaunchAt: existing.lastLaunchAt, sections: existing.sections ?? [] }
      : null;
  return { user: await refreshLtiUser(existing.user, input), enrollment };
}

/** The launch's name, email and test-user flag written to an existing user, only when one of them changed. */
export async function refreshLtiUser(existing: User, input: Pick<LtiUserInput, "name" | "email" | "isTestUser">): Promise<User> {
  const { name, email, isTestUser } = input;
  const set = { ...(name !== undefined && { name }), ...(email !== undefined && { email }), isTestUser };
  const current = existing as Record<string, unknown>;
  if (Object.entries(set).every(([k, v]) => current[k] === v)) return existing;
  const [user] = await db().update(users).set(set).where(eq(users.id, existing.id)).returning();
  return user;
}

const userInCourse = prepared("lti_user_in_course", (d) =>
  d
    .select({ user: users, role: enrollments.role, status: enrollments.status, lastLaunchAt: enrollments.lastLaunchAt, sections: enrollments.sections })
    .from(ltiUsers)
    .innerJoin(users, eq(users.id, ltiUsers.userId))
    .leftJoin(enrollments, and(eq(enrollments.userId, users.id), eq(enrollments.courseId, sql.placeholder("courseId"))))
    .where(and(eq(ltiUsers.platformId, sql.placeholder("platformId")), eq(ltiUsers.sub, sql.placeholder("sub"))))
    .limit(1)
    .prepare(statementName("lti_user_in_course")),
);

const contextByLmsId = prepared("lti_context_by_lms_id", (d) =>
  d
    .select()
    .from(ltiContexts)
    .where(and(eq(ltiContexts.platformId, sql.placeholder("platformId")), eq(ltiContexts.contextId, sql.placeholder("contextId"))))
    .limit(1)
    .prepare(statementName("lti_context_by_lms_id")),
);

export type LtiContextInput = {
  platformId: string;
  contextId: string;
  title?: string;
  label?: string;
  nrpsUrl?: string;
  ags?: AgsClaim;
};

/** Finds or creates the context (and, for a new context, its Lantern course); keeps service endpoints current. */
export async function ensureLtiContext(input: LtiContextInput): Promise<LtiContext> {
  const [existing] = await contextByLmsId().execute({ platformId: input.platformId, contextId: input.contextId });
  return existing ? refreshLtiContext(existing, input) : createLtiContext(input);
}

/** Creates a context a launch found missing, with its Lantern course; a concurrent first launch's context wins. */
export async function createLtiContext(input: LtiContextInput): Promise<LtiContext> {
  const { platformId, contextId, title, label, nrpsUrl, ags } = input;
  try {
    return await db().transaction(async (tx) => {
      const [course] = await tx
        .insert(courses)
        .values({ title: title ?? label ?? "Untitled course", code: label ?? null })
        .returning();
      const [row] = await tx
        .insert(ltiContexts)
        .values({ platformId, contextId, courseId: course.id, title, label, nrpsUrl, ags })
        .returning();
      return row;
    }).finally(invalidateFrameOrigins); // its service URLs name the LMS's host (frame-ancestors)
  } catch (error) {
    // A concurrent first launch into the same context won (lti_contexts' unique index); our course rolled back.
    if (!isUniqueViolation(error)) throw error;
    const [winner] = await contextByLmsId().execute({ platformId, contextId });
    if (!winner) throw error;
    return refreshLtiContext(winner, input);
  }
}

/** An existing context with its title and service endpoints brought up to date from the launch (written only on change). */
export async function refreshLtiContext(existing: LtiContext, input: LtiContextInput): Promise<LtiContext> {
  const { title, label, nrpsUrl, ags } = input;
  const set = {
    ...(title !== undefined && { title }),
    ...(label !== undefined && { label }),
    ...(nrpsUrl !== undefined && { nrpsUrl }),
    ...(ags !== undefined && { ags }),
  };
  const current = existing as Record<string, unknown>;
  if (Object.entries(set).every(([k, v]) => sameJson(current[k], v))) return existing;
  const [row] = await db().update(ltiContexts).set(set).where(eq(ltiContexts.id, existing.id)).returning();
  invalidateFrameOrigins();
  return row;
}

/** The context registered under (platform, context id), or null. */
export async function selectOptionalLtiContext({ platformId, contextId }: { platformId: string; contextId: string }) {
  const [row] = await db()
    .select()
    .from(ltiContexts)
    .where(and(eq(ltiContexts.platformId, platformId), eq(ltiContexts.contextId, contextId)))
    .limit(1);
  return row ?? null;
}

/** Links an LMS context to an existing Lantern course (several contexts may share one course). */
export async function updateContextCourse({ contextRowId, courseId }: { contextRowId: string; courseId: string }) {
  await db().update(ltiContexts).set({ courseId }).where(eq(ltiContexts.id, contextRowId));
}

/**
 * Records a resource link's latest claims; links it to `assignmentId` when given (else keeps its link). `existing`
 * is the row as the launch found it (null: none): when the claims match it, nothing is written (most launches).
 */
export async function ensureResourceLink({
  deploymentRowId,
  contextRowId,
  resourceLinkId,
  title,
  ags,
  custom,
  assignmentId,
  existing,
}: {
  deploymentRowId: string;
  contextRowId: string;
  resourceLinkId: string;
  title?: string;
  ags?: AgsClaim;
  custom?: Record<string, unknown>;
  assignmentId?: string;
  existing?: LtiResourceLink | null;
}): Promise<LtiResourceLink> {
  if (
    existing &&
    existing.deploymentRowId === deploymentRowId &&
    existing.resourceLinkId === resourceLinkId &&
    existing.contextRowId === contextRowId &&
    existing.title === (title ?? null) &&
    (ags === undefined || sameJson(existing.ags, ags)) &&
    sameJson(existing.custom, custom ?? null) &&
    (assignmentId === undefined || existing.assignmentId === assignmentId)
  ) {
    return existing;
  }
  const values = { deploymentRowId, contextRowId, resourceLinkId, title, ags, custom, assignmentId };
  const [row] = await db()
    .insert(ltiResourceLinks)
    .values(values)
    .onConflictDoUpdate({
      target: [ltiResourceLinks.deploymentRowId, ltiResourceLinks.resourceLinkId],
      set: {
        contextRowId,
        title: title ?? null,
        // The last AGS claim we saw stays usable for passback if a later launch omits it.
        ags: ags ?? sql`${ltiResourceLinks.ags}`,
        custom: custom ?? null,
        assignmentId: assignmentId ?? sql`${ltiResourceLinks.assignmentId}`,
      },
    })
    .returning();
  return row;
}

/** The id of a live assignment in this course, or null (used to honour an assignment named by a deep link). */
export async function selectOptionalAssignmentIdInCourse({
  courseId,
  unsafeAssignmentId,
}: {
  courseId: string;
  unsafeAssignmentId: string;
}): Promise<string | null> {
  if (!/^[0-9a-f-]{36}$/i.test(unsafeAssignmentId)) return null;
  const [row] = await db()
    .select({ id: assignments.id })
    .from(assignments)
    .where(
      and(eq(assignments.id, unsafeAssignmentId), eq(assignments.courseId, courseId), isNull(assignments.deletedAt)),
    )
    .limit(1);
  return row?.id ?? null;
}

/** Resource links of an assignment, with what AGS needs (for grade passback). */
export async function selectResourceLinksForAssignment({ assignmentId }: { assignmentId: string }) {
  return db()
    .select({ link: ltiResourceLinks, context: ltiContexts })
    .from(ltiResourceLinks)
    .innerJoin(ltiContexts, eq(ltiContexts.id, ltiResourceLinks.contextRowId))
    .where(eq(ltiResourceLinks.assignmentId, assignmentId));
}

/** The LMS identities (platform + sub) of a Lantern user (for passback: AGS userId is the sub). */
export async function selectLtiIdentities({ userId }: { userId: string }) {
  return db().select().from(ltiUsers).where(eq(ltiUsers.userId, userId));
}

/**
 * A resource link of the caller's course (through its LMS context), or null. For staff connecting an LMS link that
 * was made outside Deep Linking to an assignment.
 */
export async function selectOptionalCourseResourceLink({ authz, unsafeLinkId }: { authz: CourseAuthz; unsafeLinkId: string }) {
  if (!/^[0-9a-f-]{36}$/i.test(unsafeLinkId)) return null;
  const [row] = await db()
    .select({ link: ltiResourceLinks })
    .from(ltiResourceLinks)
    .innerJoin(ltiContexts, eq(ltiContexts.id, ltiResourceLinks.contextRowId))
    .where(and(eq(ltiResourceLinks.id, unsafeLinkId), eq(ltiContexts.courseId, authz.course.id)))
    .limit(1);
  return row?.link ?? null;
}

/**
 * Connects a not-yet-connected resource link of the caller's course to one of its assignments. Returns false when
 * the link is already connected (a link's assignment is not switched afterwards: its grades went to that column).
 */
export async function updateResourceLinkAssignment({
  authz,
  link,
  assignmentId,
}: {
  authz: CourseAuthz;
  link: LtiResourceLink;
  assignmentId: string;
}): Promise<boolean> {
  if (!isStaffRole(authz.role)) throw notFound();
  const courseAssignment = await selectOptionalAssignmentIdInCourse({ courseId: authz.course.id, unsafeAssignmentId: assignmentId });
  if (!courseAssignment) throw notFound("No such assignment.");
  const updated = await db()
    .update(ltiResourceLinks)
    .set({ assignmentId: courseAssignment })
    .where(and(eq(ltiResourceLinks.id, link.id), isNull(ltiResourceLinks.assignmentId)))
    .returning({ id: ltiResourceLinks.id });
  return updated.length === 1;
}

/** Records the first staff launch from a context: from then on its roster may be read over NRPS. */
export async function updateContextStaffLaunched({ context, at }: { context: LtiContext; at: Date }): Promise<void> {
  await db().update(ltiContexts).set({ staffLaunchedAt: at }).where(and(eq(ltiContexts.id, context.id), isNull(ltiContexts.staffLaunchedAt)));
}
