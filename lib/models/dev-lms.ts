import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import { notFound } from "@/lib/errors";
import { isUuid } from "./courses";

/**
 * The dev LMS's own records (development and test only): keys, registered tools, resource links and launches.
 * No authz context: the dev LMS is a simulated platform with no users of Lantern's.
 */

const { devLmsKeys, devLmsTools, devLmsResourceLinks, devLmsLaunches, devLmsUsedJtis } = schema;

export type DevLmsKey = typeof devLmsKeys.$inferSelect;
export type DevLmsTool = typeof devLmsTools.$inferSelect;
export type DevLmsResourceLink = typeof devLmsResourceLinks.$inferSelect;
export type DevLmsLaunch = typeof devLmsLaunches.$inferSelect;

/** The newest signing key, or null before the first one exists. */
export async function selectOptionalDevLmsKey(): Promise<DevLmsKey | null> {
  const [row] = await db().select().from(devLmsKeys).orderBy(desc(devLmsKeys.createdAt)).limit(1);
  return row ?? null;
}

/** All signing keys (the JWKS publishes every one). */
export async function selectDevLmsKeys(): Promise<DevLmsKey[]> {
  return db().select().from(devLmsKeys).orderBy(desc(devLmsKeys.createdAt));
}

/** Stores a signing key; a concurrent first request that lost the race simply reads the winner's key later. */
export async function insertDevLmsKey({ values }: { values: Omit<typeof devLmsKeys.$inferInsert, "id"> }) {
  await db().insert(devLmsKeys).values(values).onConflictDoNothing();
}

type NewTool = Omit<typeof devLmsTools.$inferInsert, "id" | "createdAt" | "updatedAt" | "deletedAt">;

export async function insertDevLmsTool({ values }: { values: NewTool }): Promise<DevLmsTool> {
  const [row] = await db().insert(devLmsTools).values(values).returning();
  return row;
}

/** Live tools, newest first. */
export async function selectDevLmsTools(): Promise<DevLmsTool[]> {
  return db().select().from(devLmsTools).where(isNull(devLmsTools.deletedAt)).orderBy(desc(devLmsTools.createdAt));
}

export async function selectOptionalDevLmsTool({ clientId }: { clientId: string }): Promise<DevLmsTool | null> {
  const [row] = await db()
    .select()
    .from(devLmsTools)
    .where(and(eq(devLmsTools.clientId, clientId), isNull(devLmsTools.deletedAt)))
    .limit(1);
  return row ?? null;
}

export async function selectDevLmsTool({ clientId }: { clientId: string }): Promise<DevLmsTool> {
  const row = await selectOptionalDevLmsTool({ clientId });
  if (!row) throw notFound("No such tool is registered in the dev LMS.");
  return row;
}

export async function deleteDevLmsTool({ clientId }: { clientId: string }): Promise<void> {
  await db().update(devLmsTools).set({ deletedAt: new Date() }).where(eq(devLmsTools.clientId, clientId));
}

type NewLink = Omit<typeof devLmsResourceLinks.$inferInsert, "id" | "createdAt">;

export async function insertDevLmsResourceLink({ values }: { values: NewLink }): Promise<DevLmsResourceLink> {
  const [row] = await db().insert(devLmsResourceLinks).values(values).returning();
  return row;
}

/** The links a tool has in a course, oldest first (course order). */
export async function selectDevLmsResourceLinks({ clientId, contextId }: { clientId: string; contextId: string }) {
  return db()
    .select()
    .from(devLmsResourceLinks)
    .where(and(eq(devLmsResourceLinks.clientId, clientId), eq(devLmsResourceLinks.contextId, contextId)))
    .orderBy(asc(devLmsResourceLinks.createdAt));
}

export async function selectDevLmsResourceLink({
  clientId,
  unsafeResourceLinkId,
}: {
  clientId: string;
  unsafeResourceLinkId: string;
}): Promise<DevLmsResourceLink> {
  if (!isUuid(unsafeResourceLinkId)) throw notFound("No such resource link.");
  const [row] = await db()
    .select()
    .from(devLmsResourceLinks)
    .where(and(eq(devLmsResourceLinks.id, unsafeResourceLinkId), eq(devLmsResourceLinks.clientId, clientId)))
    .limit(1);
  if (!row) throw notFound("No such resource link.");
  return row;
}

type NewLaunch = Omit<typeof devLmsLaunches.$inferInsert, "id" | "createdAt" | "idTokenClaims" | "authorizedAt">;

export async function insertDevLmsLaunch({ values }: { values: NewLaunch }): Promise<DevLmsLaunch> {
  const [row] = await db().insert(devLmsLaunches).values(values).returning();
  return row;
}

export async function selectOptionalDevLmsLaunch({ unsafeLaunchId }: { unsafeLaunchId: string }) {
  if (!isUuid(unsafeLaunchId)) return null;
  const [row] = await db().select().from(devLmsLaunches).where(eq(devLmsLaunches.id, unsafeLaunchId)).limit(1);
  return row ?? null;
}

/** Records the claims the auth endpoint sent for a launch (tests read them back). */
export async function updateDevLmsLaunchAuthorized({ launchId, claims }: { launchId: string; claims: Record<string, unknown> }) {
  await db()
    .update(devLmsLaunches)
    .set({ idTokenClaims: claims, authorizedAt: new Date() })
    .where(eq(devLmsLaunches.id, launchId));
}

/**
 * Marks a JWT id as used; false when it was used before (replay). Expired rows are pruned on the way, so the table
 * stays small without a cleanup job.
 */
export async function insertDevLmsUsedJti({ issuer, jti, expiresAt }: { issuer: string; jti: string; expiresAt: Date }) {
  await db().delete(devLmsUsedJtis).where(sql`${devLmsUsedJtis.expiresAt} < now() - interval '1 hour'`);
  const rows = await db().insert(devLmsUsedJtis).values({ issuer, jti, expiresAt }).onConflictDoNothing().returning();
  return rows.length === 1;
}

export type DevLmsRosterChange = typeof schema.devLmsRosterChanges.$inferSelect;

/** The roster changes made in one dev LMS course (members made inactive, deleted or removed). */
export async function selectDevLmsRosterChanges({ contextId }: { contextId: string }): Promise<DevLmsRosterChange[]> {
  return db().select().from(schema.devLmsRosterChanges).where(eq(schema.devLmsRosterChanges.contextId, contextId));
}

/** Changes one member's standing in one dev LMS course ("Active" restores them). */
export async function ensureDevLmsRosterChange({ values }: { values: Pick<DevLmsRosterChange, "contextId" | "userId" | "status"> }) {
  await db()
    .insert(schema.devLmsRosterChanges)
    .values(values)
    .onConflictDoUpdate({ target: [schema.devLmsRosterChanges.contextId, schema.devLmsRosterChanges.userId], set: { status: values.status } });
}
