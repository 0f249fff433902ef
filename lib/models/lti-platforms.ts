import { and, asc, eq } from "drizzle-orm";
import { db, schema } from "@/db";
import { notFound } from "@/lib/errors";
import { invalidateFrameOrigins } from "@/lib/security-headers/frame-origins";

const { ltiPlatforms, ltiDeployments } = schema;

export type LtiPlatform = typeof ltiPlatforms.$inferSelect;
export type LtiDeployment = typeof ltiDeployments.$inferSelect;
export type NewLtiPlatform = Pick<
  typeof ltiPlatforms.$inferInsert,
  "issuer" | "clientId" | "name" | "authLoginUrl" | "authTokenUrl" | "jwksUrl" | "registeredVia" | "active"
>;

/** The platform registered under (issuer, client id), or null. */
export async function selectOptionalPlatform({
  issuer,
  clientId,
}: {
  issuer: string;
  clientId: string;
}): Promise<LtiPlatform | null> {
  const [row] = await db()
    .select()
    .from(ltiPlatforms)
    .where(and(eq(ltiPlatforms.issuer, issuer), eq(ltiPlatforms.clientId, clientId)))
    .limit(1);
  return row ?? null;
}

/** Every platform registered under an issuer (login initiation without client_id must find exactly one). */
export async function selectPlatformsByIssuer({ issuer }: { issuer: string }): Promise<LtiPlatform[]> {
  return db().select().from(ltiPlatforms).where(eq(ltiPlatforms.issuer, issuer)).limit(2);
}

/** The platform with this id, or null. */
export async function selectOptionalPlatformById({ platformId }: { platformId: string }): Promise<LtiPlatform | null> {
  const [row] = await db().select().from(ltiPlatforms).where(eq(ltiPlatforms.id, platformId)).limit(1);
  return row ?? null;
}

/** The platform with this id; throws a 404 when missing. */
export async function selectPlatform({ platformId }: { platformId: string }): Promise<LtiPlatform> {
  const [row] = await db().select().from(ltiPlatforms).where(eq(ltiPlatforms.id, platformId)).limit(1);
  if (!row) throw notFound("No such platform.");
  return row;
}

/** All platforms, by issuer (for the CLI and later the admin pages). */
export async function selectPlatforms(): Promise<LtiPlatform[]> {
  return db().select().from(ltiPlatforms).orderBy(asc(ltiPlatforms.issuer), asc(ltiPlatforms.clientId));
}

/** Registers a platform, or updates its endpoints when (issuer, client id) is already known. */
export async function ensurePlatform({ values }: { values: NewLtiPlatform }): Promise<LtiPlatform> {
  const { issuer, clientId, ...rest } = values;
  const [row] = await db()
    .insert(ltiPlatforms)
    .values(values)
    .onConflictDoUpdate({ target: [ltiPlatforms.issuer, ltiPlatforms.clientId], set: { ...rest, issuer, clientId } })
    .returning();
  invalidateFrameOrigins(); // its origins may now frame Lantern
  return row;
}

/** Turns a platform on or off (an inactive platform's launches are refused). */
export async function updatePlatformActive({ platformId, active }: { platformId: string; active: boolean }) {
  await db().update(ltiPlatforms).set({ active }).where(eq(ltiPlatforms.id, platformId));
  invalidateFrameOrigins();
}

/** Records a deployment id for a platform (idempotent). */
export async function ensureDeployment({
  platformId,
  deploymentId,
}: {
  platformId: string;
  deploymentId: string;
}): Promise<LtiDeployment> {
  const [row] = await db()
    .insert(ltiDeployments)
    .values({ platformId, deploymentId })
    .onConflictDoUpdate({
      target: [ltiDeployments.platformId, ltiDeployments.deploymentId],
      set: { deploymentId },
    })
    .returning();
  return row;
}

/** The platform's deployment with this id, or null when the platform never registered it. */
export async function selectOptionalDeployment({
  platformId,
  deploymentId,
}: {
  platformId: string;
  deploymentId: string;
}): Promise<LtiDeployment | null> {
  const [row] = await db()
    .select()
    .from(ltiDeployments)
    .where(and(eq(ltiDeployments.platformId, platformId), eq(ltiDeployments.deploymentId, deploymentId)))
    .limit(1);
  return row ?? null;
}

/** A platform's deployments. */
export async function selectDeployments({ platformId }: { platformId: string }): Promise<LtiDeployment[]> {
  return db().select().from(ltiDeployments).where(eq(ltiDeployments.platformId, platformId));
}
