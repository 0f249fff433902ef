import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import { db, schema } from "@/db";
import type { SiteAuthz, SystemAuthz } from "@/lib/auth/authz";

const { ltiUsers, ltiContexts, ltiResourceLinks, ltiPlatforms, courses, lti11Consumers } = schema;

/**
 * The LTI 1.1 → 1.3 move (lib/lti11/migration.ts): a verified 1.3 launch carrying a signed lti1p1 claim gets 1.3
 * rows that point at the Lantern user, course and assignment the 1.1 consumer's launches already made, before
 * provisioning runs, so provisioning finds them instead of creating duplicates. Each insert leaves existing 1.3 rows
 * alone (they may already be in use).
 */

/** What the 1.1 consumer's launches recorded under these LMS ids (null members when never seen). */
export async function selectLti11Records(
  _authz: SystemAuthz,
  { lti11PlatformId, userId, contextId, resourceLinkId }: { lti11PlatformId: string; userId?: string; contextId: string; resourceLinkId?: string },
) {
  const [user] = userId
    ? await db()
        .select({ userId: ltiUsers.userId })
        .from(ltiUsers)
        .where(and(eq(ltiUsers.platformId, lti11PlatformId), eq(ltiUsers.sub, userId)))
        .limit(1)
    : [];
  const [context] = await db()
    .select()
    .from(ltiContexts)
    .where(and(eq(ltiContexts.platformId, lti11PlatformId), eq(ltiContexts.contextId, contextId)))
    .limit(1);
  const [link] =
    resourceLinkId && context
      ? await db()
          .select({ assignmentId: ltiResourceLinks.assignmentId, title: ltiResourceLinks.title })
          .from(ltiResourceLinks)
          .where(and(eq(ltiResourceLinks.contextRowId, context.id), eq(ltiResourceLinks.resourceLinkId, resourceLinkId)))
          .limit(1)
      : [];
  return { userId: user?.userId ?? null, context: context ?? null, link: link ?? null };
}

/** The 1.3 identity (platform, sub) for an existing Lantern user, unless that identity exists already. */
export async function insertMigratedIdentity(_authz: SystemAuthz, { platformId, sub, userId }: { platformId: string; sub: string; userId: string }) {
  await db().insert(ltiUsers).values({ platformId, sub, userId }).onConflictDoNothing();
}

/** The 1.3 context (platform, context id) opening an existing Lantern course, unless it exists; returns the row. */
export async function ensureMigratedContext(
  _authz: SystemAuthz,
  { platformId, contextId, from }: { platformId: string; contextId: string; from: typeof ltiContexts.$inferSelect },
) {
  await db()
    .insert(ltiContexts)
    .values({ platformId, contextId, courseId: from.courseId, title: from.title, label: from.label, staffLaunchedAt: from.staffLaunchedAt })
    .onConflictDoNothing();
  const [row] = await db()
    .select()
    .from(ltiContexts)
    .where(and(eq(ltiContexts.platformId, platformId), eq(ltiContexts.contextId, contextId)))
    .limit(1);
  return row;
}

/** The 1.3 resource link connected to the 1.1 link's assignment; an existing 1.3 link keeps its own connection. */
export async function ensureMigratedResourceLink(
  _authz: SystemAuthz,
  values: { deploymentRowId: string; contextRowId: string; resourceLinkId: string; title: string | null; assignmentId: string },
) {
  await db()
    .insert(ltiResourceLinks)
    .values(values)
    .onConflictDoUpdate({
      target: [ltiResourceLinks.deploymentRowId, ltiResourceLinks.resourceLinkId],
      set: { assignmentId: values.assignmentId },
      setWhere: isNull(ltiResourceLinks.assignmentId),
    });
}

/** An LTI 1.1 consumer's courses and whether each has been launched over LTI 1.3 yet (the move page). */
export type Lti11CourseMove = {
  consumerKey: string;
  consumerName: string;
  courseId: string;
  courseTitle: string;
  contextId: string;
  /** The 1.3 platforms that launched into the same Lantern course (empty: not moved yet). */
  lti13Platforms: string[];
};

/** For admins (the page checks the admin role) and the system. */
export async function selectLti11CourseMoves(_authz: SiteAuthz | SystemAuthz): Promise<Lti11CourseMove[]> {
  const rows = await db()
    .select({
      consumerKey: lti11Consumers.consumerKey,
      consumerName: ltiPlatforms.name,
      courseId: courses.id,
      courseTitle: courses.title,
      contextId: ltiContexts.contextId,
    })
    .from(lti11Consumers)
    .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, lti11Consumers.platformId))
    .innerJoin(ltiContexts, eq(ltiContexts.platformId, lti11Consumers.platformId))
    .innerJoin(courses, eq(courses.id, ltiContexts.courseId))
    .orderBy(lti11Consumers.consumerKey, courses.title)
    .limit(1000);
  if (rows.length === 0) return [];
  const moved = await db()
    .select({ courseId: ltiContexts.courseId, name: ltiPlatforms.name })
    .from(ltiContexts)
    .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, ltiContexts.platformId))
    .where(and(inArray(ltiContexts.courseId, [...new Set(rows.map((r) => r.courseId))]), ne(ltiPlatforms.ltiVersion, "1.1")));
  return rows.map((r) => ({
    ...r,
    lti13Platforms: [...new Set(moved.filter((m) => m.courseId === r.courseId).map((m) => m.name))],
  }));
}
