import { and, asc, desc, eq, gt, isNull, lt, or } from "drizzle-orm";
import { db, schema } from "@/db";
import { notFound } from "@/lib/errors";

const { ltiPlatforms, ltiDeployments, ltiToolKeys } = schema;

export type LtiPlatform = typeof ltiPlatforms.$inferSelect;
export type LtiDeployment = typeof ltiDeployments.$inferSelect;
export type LtiToolKey = typeof ltiToolKeys.$inferSelect;
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
  return row;
}

/** Turns a platform on or off (an inactive platform's launches are refused). */
export async function updatePlatformActive({ platformId, active }: { platformId: string; active: boolean }) {
  await db().update(ltiPlatforms).set({ active }).where(eq(ltiPlatforms.id, platformId));
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

/** Tool keys to publish: every unretired key plus keys retired after `retiredSince` (the rotation grace period). */
export async function selectPublishedToolKeys({ retiredSince }: { retiredSince: Date }): Promise<LtiToolKey[]> {
  return db()
    .select()
    .from(ltiToolKeys)
    .where(or(isNull(ltiToolKeys.retiredAt), gt(ltiToolKeys.retiredAt, retiredSince)))
    .orderBy(desc(ltiToolKeys.createdAt));
}

/** The newest unretired tool key (the one that signs), or null before the first key exists. */
export async function selectOptionalCurrentToolKey(): Promise<LtiToolKey | null> {
  const [row] = await db()
    .select()
    .from(ltiToolKeys)
    .where(isNull(ltiToolKeys.retiredAt))
    .orderBy(desc(ltiToolKeys.createdAt))
    .limit(1);
  return row ?? null;
}

/** Stores a new tool key. */
export async function insertToolKey({
  values,
}: {
  values: Pick<typeof ltiToolKeys.$inferInsert, "kid" | "publicJwk" | "privateKeyEncrypted">;
}): Promise<LtiToolKey> {
  const [row] = await db().insert(ltiToolKeys).values(values).returning();
  return row;
}

/**
 * Retires the unretired keys created before `keepKid` (they stay published until the grace period ends). Keys made
 * concurrently after it are left alone, so two simultaneous rotations can never retire each other's key and leave
 * no current key.
 */
export async function retireToolKeysOlderThan({ keepKid }: { keepKid: string }): Promise<void> {
  const [kept] = await db().select({ createdAt: ltiToolKeys.createdAt }).from(ltiToolKeys).where(eq(ltiToolKeys.kid, keepKid));
  if (!kept) return;
  await db()
    .update(ltiToolKeys)
    .set({ retiredAt: new Date() })
    .where(and(isNull(ltiToolKeys.retiredAt), lt(ltiToolKeys.createdAt, kept.createdAt)));
}
