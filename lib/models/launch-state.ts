import { and, eq, isNull, sql } from "drizzle-orm";
import { schema } from "@/db";
import { prepared, statementName } from "@/db/prepared";
import type { LtiContext, LtiResourceLink, LtiUserInCourse } from "./lti-launches";
import type { User } from "./users";

const { ltiContexts, ltiUsers, users, enrollments, ltiResourceLinks, submissions, gradeOutbox } = schema;

/** Everything a launch needs to know about rows that may already exist, read in one statement. */
export type LaunchState = {
  /** The LMS context (platform + context id). */
  context: LtiContext | null;
  /** The user behind (platform, sub). */
  user: User | null;
  /** That user's enrollment in the context's course (null when either is new). */
  enrollment: LtiUserInCourse["enrollment"];
  /** The resource link (deployment + resource link id). */
  link: LtiResourceLink | null;
  /** The LMS dates on the user's work for the link's assignment; null when that work row does not exist yet. */
  work: { lmsDueAt: Date | null; lmsLockAt: Date | null } | null;
  /** Whether some grade of this user waits for their LMS identity (lib/models/grade-outbox.ts requeueWaitingForUser). */
  waitingGrades: boolean;
};

// Left joins from a one-row relation, so one round trip answers for a first launch (all null) as for a returning
// one. The resource link is matched by its unique (deployment, resource link id) index, its work row by the
// submissions unique key (assignment, user, no resource link row) that lib/models/submissions.ts upserts.
const launchState = prepared("lti_launch_state", (d) =>
  d
    .select({
      context: ltiContexts,
      user: users,
      role: enrollments.role,
      status: enrollments.status,
      lastLaunchAt: enrollments.lastLaunchAt,
      sections: enrollments.sections,
      link: ltiResourceLinks,
      workId: submissions.id,
      lmsDueAt: submissions.lmsDueAt,
      lmsLockAt: submissions.lmsLockAt,
      waitingGrades: sql<boolean>`(${users.id} is not null and exists (select 1 from ${gradeOutbox} o join ${submissions} ws on ws.id = o.submission_id where ws.user_id = ${users.id} and o.status = 'waiting'))`,
    })
    .from(sql`(select 1) as launch`)
    .leftJoin(ltiContexts, and(eq(ltiContexts.platformId, sql.placeholder("platformId")), eq(ltiContexts.contextId, sql.placeholder("contextId"))))
    .leftJoin(ltiUsers, and(eq(ltiUsers.platformId, sql.placeholder("platformId")), eq(ltiUsers.sub, sql.placeholder("sub"))))
    .leftJoin(users, eq(users.id, ltiUsers.userId))
    .leftJoin(enrollments, and(eq(enrollments.userId, users.id), eq(enrollments.courseId, ltiContexts.courseId)))
    .leftJoin(
      ltiResourceLinks,
      and(eq(ltiResourceLinks.deploymentRowId, sql.placeholder("deploymentRowId")), eq(ltiResourceLinks.resourceLinkId, sql.placeholder("resourceLinkId"))),
    )
    .leftJoin(
      submissions,
      and(eq(submissions.assignmentId, ltiResourceLinks.assignmentId), eq(submissions.userId, users.id), isNull(submissions.resourceLinkRowId)),
    )
    .prepare(statementName("lti_launch_state")),
);

/**
 * The context, user, enrollment, resource link and work row a launch would otherwise look up one by one (bench/launch:
 * a returning launch went from 9 statements to 4). `resourceLinkId` is null for messages without a resource link.
 */
export async function selectLaunchState(p: {
  platformId: string;
  contextId: string;
  sub: string;
  deploymentRowId: string;
  resourceLinkId: string | null;
}): Promise<LaunchState> {
  const [row] = await launchState().execute(p);
  const enrollment =
    row.role && row.status ? { role: row.role, status: row.status, lastLaunchAt: row.lastLaunchAt, sections: row.sections ?? [] } : null;
  return {
    context: row.context,
    user: row.user,
    enrollment,
    link: row.link,
    work: row.workId ? { lmsDueAt: row.lmsDueAt, lmsLockAt: row.lmsLockAt } : null,
    waitingGrades: row.waitingGrades === true,
  };
}
