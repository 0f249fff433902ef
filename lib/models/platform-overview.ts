import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import type { SiteAuthz, SystemAuthz } from "@/lib/auth/authz";
import { conflict, notFound } from "@/lib/errors";
import type { LtiPlatform } from "./lti-platforms";

const { ltiPlatforms, ltiDeployments, ltiContexts, ltiUsers, ltiLoginStates, ltiDeepLinkRequests, gradeOutbox } = schema;

/** What the admin platform list shows of an LTI 1.3 platform. */
export type PlatformOverview = {
  platform: LtiPlatform;
  deploymentIds: string[];
  /** Lantern courses linked to one of the platform's LMS courses (contexts). */
  courseCount: number;
  /** The latest recorded launch of any of its users into a course linked to it (recorded at most every few minutes). */
  lastLaunchAt: Date | null;
};

function requireAdmin(authz: SiteAuthz | SystemAuthz): void {
  if (authz.kind === "site" && !authz.roles.includes("admin")) throw notFound();
}

const courseCount = sql<number>`(select count(distinct c.course_id)::int from lti_contexts c where c.platform_id = "lti_platforms"."id")`;
// A user's enrollment records their latest launch; it counts for this platform when the user is one of its LMS
// users and the course is linked to one of its contexts.
const lastLaunchAt = sql<string | null>`(
  select max(e.last_launch_at) from enrollments e
  join lti_users u on u.user_id = e.user_id and u.platform_id = "lti_platforms"."id"
  where e.course_id in (select c.course_id from lti_contexts c where c.platform_id = "lti_platforms"."id"))`;

/** LTI 1.3 platforms (LTI 1.1 consumer keys are listed on their own), by name, with deployments and use. */
export async function selectPlatformOverviews({ authz, platformId }: { authz: SiteAuthz | SystemAuthz; platformId?: string }): Promise<PlatformOverview[]> {
  requireAdmin(authz);
  const rows = await db()
    .select({ platform: ltiPlatforms, courseCount, lastLaunchAt })
    .from(ltiPlatforms)
    .where(and(eq(ltiPlatforms.ltiVersion, "1.3"), platformId ? eq(ltiPlatforms.id, platformId) : undefined))
    .orderBy(asc(ltiPlatforms.name), asc(ltiPlatforms.issuer), asc(ltiPlatforms.clientId));
  const ids = rows.map((r) => r.platform.id);
  const deployments = ids.length
    ? await db()
        .select({ platformId: ltiDeployments.platformId, deploymentId: ltiDeployments.deploymentId })
        .from(ltiDeployments)
        .where(inArray(ltiDeployments.platformId, ids))
        .orderBy(asc(ltiDeployments.createdAt))
    : [];
  return rows.map((r) => ({
    platform: r.platform,
    deploymentIds: deployments.filter((d) => d.platformId === r.platform.id).map((d) => d.deploymentId),
    courseCount: Number(r.courseCount),
    lastLaunchAt: r.lastLaunchAt ? new Date(r.lastLaunchAt) : null,
  }));
}

/** One LTI 1.3 platform's overview; a 404 for an unknown id (or a 1.1 consumer key's row). */
export async function selectPlatformOverview({ authz, unsafePlatformId }: { authz: SiteAuthz | SystemAuthz; unsafePlatformId: string }): Promise<PlatformOverview> {
  if (!/^[0-9a-f-]{36}$/i.test(unsafePlatformId)) throw notFound("No such platform.");
  const [found] = await selectPlatformOverviews({ authz, platformId: unsafePlatformId });
  if (!found) throw notFound("No such platform.");
  return found;
}

/**
 * Removes a platform that nothing depends on yet: refused (409, with the reason) while LMS courses, LMS users or
 * grades refer to it, since those rows would lose the LMS they came from. Its deployments and in-flight logins go
 * with it. Returns the removed row.
 */
export async function deletePlatform({ authz, platformId }: { authz: SiteAuthz | SystemAuthz; platformId: string }): Promise<LtiPlatform> {
  requireAdmin(authz);
  return db().transaction(async (tx) => {
    const [platform] = await tx.select().from(ltiPlatforms).where(eq(ltiPlatforms.id, platformId)).for("update");
    if (!platform || platform.ltiVersion !== "1.3") throw notFound("No such platform.");
    const count = (table: typeof ltiContexts | typeof ltiUsers | typeof gradeOutbox) =>
      tx.$count(table, eq(table.platformId, platformId));
    const [contexts, users, grades] = await Promise.all([count(ltiContexts), count(ltiUsers), count(gradeOutbox)]);
    const reasons = [
      contexts && `${contexts} LMS course${contexts === 1 ? " is" : "s are"} linked to it`,
      users && `${users} LMS user${users === 1 ? " has" : "s have"} launched from it`,
      grades && `${grades} grade${grades === 1 ? " was" : "s were"} sent to it`,
    ].filter(Boolean);
    if (reasons.length) throw conflict(`This platform cannot be removed: ${reasons.join(", ")}. Deactivate it instead.`);
    await tx.delete(ltiLoginStates).where(eq(ltiLoginStates.platformId, platformId));
    await tx.delete(ltiDeepLinkRequests).where(eq(ltiDeepLinkRequests.platformId, platformId));
    await tx.delete(ltiDeployments).where(eq(ltiDeployments.platformId, platformId));
    await tx.delete(ltiPlatforms).where(eq(ltiPlatforms.id, platformId));
    return platform;
  });
}
