import { randomUUID } from "node:crypto";
import { db, schema } from "@/db";

/**
 * Test-only: a submission of `userId` in a further LMS placement of the assignment (a resource link of a made-up
 * platform), as a student who opened it from two places in the LMS has. `updatedAt` orders it among their others.
 */
export async function insertPlacementSubmission({
  courseId,
  assignmentId,
  userId,
  updatedAt,
  score = null,
}: {
  courseId: string;
  assignmentId: string;
  userId: string;
  updatedAt: Date;
  score?: number | null;
}) {
  const [platform] = await db()
    .insert(schema.ltiPlatforms)
    .values({ issuer: `https://lms-${randomUUID()}.test`, clientId: "c", name: "LMS", authLoginUrl: "https://lms.test/auth", authTokenUrl: "https://lms.test/token", jwksUrl: "https://lms.test/jwks", registeredVia: "manual" })
    .returning();
  const [deployment] = await db().insert(schema.ltiDeployments).values({ platformId: platform.id, deploymentId: "d" }).returning();
  const [context] = await db().insert(schema.ltiContexts).values({ platformId: platform.id, contextId: "ctx", courseId }).returning();
  const [link] = await db().insert(schema.ltiResourceLinks).values({ deploymentRowId: deployment.id, contextRowId: context.id, resourceLinkId: "rl", assignmentId }).returning();
  const [row] = await db()
    .insert(schema.submissions)
    .values({ courseId, assignmentId, userId, resourceLinkRowId: link.id, updatedAt, score, status: score === null ? "in_progress" : "graded" })
    .returning();
  return row;
}
