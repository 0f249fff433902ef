import { and, asc, desc, eq, gt, isNull, sql, type SQL } from "drizzle-orm";
import { db, schema } from "@/db";
import { notFound } from "@/lib/errors";
import { isUuid } from "./courses";

/** The dev LMS's service records: AGS line items and scores, access tokens, recorded calls, failure settings. */

const { devLmsLineItems, devLmsScores, devLmsCalls, devLmsAccessTokens, devLmsSettings } = schema;

export type DevLmsLineItem = typeof devLmsLineItems.$inferSelect;
export type DevLmsScore = typeof devLmsScores.$inferSelect;
export type DevLmsCall = typeof devLmsCalls.$inferSelect;
export type DevLmsSettings = typeof devLmsSettings.$inferSelect;

type Scope = { clientId: string; contextId: string };
type LineItemValues = Pick<
  typeof devLmsLineItems.$inferInsert,
  "label" | "scoreMaximum" | "resourceLinkId" | "resourceId" | "tag" | "startDateTime" | "endDateTime" | "gradesReleased"
>;

export async function insertDevLmsLineItem({ scope, values }: { scope: Scope; values: LineItemValues }) {
  const [row] = await db()
    .insert(devLmsLineItems)
    .values({ ...values, ...scope })
    .returning();
  return row;
}

/** A page of a context's live line items, filtered per AGS 2.0 §3.2.6 (resource_link_id, resource_id, tag). */
export async function selectDevLmsLineItems({
  scope,
  filters,
  limit,
  offset,
}: {
  scope: Scope;
  filters: { resourceLinkId?: string; resourceId?: string; tag?: string };
  limit: number;
  offset: number;
}): Promise<DevLmsLineItem[]> {
  const where: (SQL | undefined)[] = [
    eq(devLmsLineItems.clientId, scope.clientId),
    eq(devLmsLineItems.contextId, scope.contextId),
    isNull(devLmsLineItems.deletedAt),
    filters.resourceLinkId !== undefined ? eq(devLmsLineItems.resourceLinkId, filters.resourceLinkId) : undefined,
    filters.resourceId !== undefined ? eq(devLmsLineItems.resourceId, filters.resourceId) : undefined,
    filters.tag !== undefined ? eq(devLmsLineItems.tag, filters.tag) : undefined,
  ];
  return db()
    .select()
    .from(devLmsLineItems)
    .where(and(...where))
    .orderBy(asc(devLmsLineItems.createdAt), asc(devLmsLineItems.id))
    .limit(limit)
    .offset(offset);
}

/** One live line item of the tool's context; 404 for anything else (another tool's items do not exist for it). */
export async function selectDevLmsLineItem({ scope, unsafeLineItemId }: { scope: Scope; unsafeLineItemId: string }) {
  if (!isUuid(unsafeLineItemId)) throw notFound("No such line item.");
  const [row] = await db()
    .select()
    .from(devLmsLineItems)
    .where(
      and(
        eq(devLmsLineItems.id, unsafeLineItemId),
        eq(devLmsLineItems.clientId, scope.clientId),
        eq(devLmsLineItems.contextId, scope.contextId),
        isNull(devLmsLineItems.deletedAt),
      ),
    )
    .limit(1);
  if (!row) throw notFound("No such line item.");
  return row;
}

export async function updateDevLmsLineItem({ lineItem, values }: { lineItem: DevLmsLineItem; values: LineItemValues }) {
  const [row] = await db().update(devLmsLineItems).set(values).where(eq(devLmsLineItems.id, lineItem.id)).returning();
  return row;
}

export async function deleteDevLmsLineItem({ lineItem }: { lineItem: DevLmsLineItem }) {
  await db().update(devLmsLineItems).set({ deletedAt: new Date() }).where(eq(devLmsLineItems.id, lineItem.id));
}

/** All live line items of a context, for the gradebook. */
export async function selectDevLmsContextLineItems({ contextId }: { contextId: string }) {
  return db()
    .select()
    .from(devLmsLineItems)
    .where(and(eq(devLmsLineItems.contextId, contextId), isNull(devLmsLineItems.deletedAt)))
    .orderBy(asc(devLmsLineItems.createdAt));
}

type NewScore = Omit<typeof devLmsScores.$inferInsert, "id" | "createdAt" | "applied" | "timestamp">;

/**
 * Records a score and decides whether it changes the result: only a timestamp later than every applied score for
 * that user and line item does (AGS 2.0 §3.4: the platform keeps the latest; a tool must not reuse a timestamp).
 * Returns whether an applied score was strictly later (`stale`) or had the same timestamp (`duplicate`). The line
 * item row is locked so two concurrent posts for one user cannot both win. `timestampText` is compared in SQL so
 * microseconds survive.
 */
export async function insertDevLmsScore({ values }: { values: NewScore }) {
  return db().transaction(async (tx) => {
    await tx.execute(sql`select id from ${devLmsLineItems} where id = ${values.lineItemId} for no key update`);
    const ts = sql`${values.timestampText}::timestamptz`;
    const [seen] = await tx
      .select({
        stale: sql<boolean>`coalesce(bool_or(${devLmsScores.timestamp} > ${ts}), false)`,
        duplicate: sql<boolean>`coalesce(bool_or(${devLmsScores.timestamp} = ${ts}), false)`,
      })
      .from(devLmsScores)
      .where(
        and(
          eq(devLmsScores.lineItemId, values.lineItemId),
          eq(devLmsScores.userId, values.userId),
          eq(devLmsScores.applied, true),
        ),
      );
    const applied = !seen.stale && !seen.duplicate;
    const [row] = await tx
      .insert(devLmsScores)
      .values({ ...values, timestamp: ts, applied })
      .returning();
    return { score: row, stale: seen.stale, duplicate: seen.duplicate };
  });
}

/** The current result per user of a line item: each user's latest applied score. */
export async function selectDevLmsResults({ lineItemId, userId }: { lineItemId: string; userId?: string }) {
  const rows = await db()
    .selectDistinctOn([devLmsScores.userId])
    .from(devLmsScores)
    .where(
      and(
        eq(devLmsScores.lineItemId, lineItemId),
        eq(devLmsScores.applied, true),
        userId !== undefined ? eq(devLmsScores.userId, userId) : undefined,
      ),
    )
    .orderBy(asc(devLmsScores.userId), desc(devLmsScores.timestamp), desc(devLmsScores.createdAt));
  return rows;
}

/** Every score posted (applied or not), oldest first, optionally for one line item or context. */
export async function selectDevLmsScores({ lineItemId, contextId }: { lineItemId?: string; contextId?: string }) {
  return db()
    .select({ score: devLmsScores, lineItem: devLmsLineItems })
    .from(devLmsScores)
    .innerJoin(devLmsLineItems, eq(devLmsLineItems.id, devLmsScores.lineItemId))
    .where(
      and(
        lineItemId !== undefined ? eq(devLmsScores.lineItemId, lineItemId) : undefined,
        contextId !== undefined ? eq(devLmsLineItems.contextId, contextId) : undefined,
      ),
    )
    .orderBy(asc(devLmsScores.createdAt));
}

export async function insertDevLmsCall({ values }: { values: Omit<typeof devLmsCalls.$inferInsert, "id" | "seq" | "createdAt"> }) {
  await db().insert(devLmsCalls).values(values);
}

/** Recorded service calls in order, optionally after a sequence number and for one context or client. */
export async function selectDevLmsCalls({ afterSeq, contextId, clientId }: { afterSeq?: number; contextId?: string; clientId?: string }) {
  return db()
    .select()
    .from(devLmsCalls)
    .where(
      and(
        afterSeq !== undefined ? gt(devLmsCalls.seq, afterSeq) : undefined,
        contextId !== undefined ? eq(devLmsCalls.contextId, contextId) : undefined,
        clientId !== undefined ? eq(devLmsCalls.clientId, clientId) : undefined,
      ),
    )
    .orderBy(asc(devLmsCalls.seq))
    .limit(5000);
}

export async function insertDevLmsAccessToken({ values }: { values: Omit<typeof devLmsAccessTokens.$inferInsert, "id" | "createdAt"> }) {
  await db().insert(devLmsAccessTokens).values(values);
}

/** An unexpired access token by hash, or null. */
export async function selectOptionalDevLmsAccessToken({ tokenHash }: { tokenHash: string }) {
  const [row] = await db()
    .select()
    .from(devLmsAccessTokens)
    .where(and(eq(devLmsAccessTokens.tokenHash, tokenHash), gt(devLmsAccessTokens.expiresAt, new Date())))
    .limit(1);
  return row ?? null;
}

const DEFAULT_SETTINGS = "default";

/** The failure-injection settings (defaults when never set). */
export async function selectDevLmsSettings(): Promise<DevLmsSettings> {
  await db().insert(devLmsSettings).values({ name: DEFAULT_SETTINGS }).onConflictDoNothing();
  const [row] = await db().select().from(devLmsSettings).where(eq(devLmsSettings.name, DEFAULT_SETTINGS));
  return row;
}

/** Replaces the failure-injection settings and restarts the call counter, so a seed replays the same pattern. */
export async function ensureDevLmsSettings({
  values,
}: {
  values: Pick<DevLmsSettings, "failOneIn" | "rateLimitOneIn" | "lostResponseOneIn" | "retryAfterSeconds" | "seed">;
}): Promise<DevLmsSettings> {
  const [row] = await db()
    .insert(devLmsSettings)
    .values({ name: DEFAULT_SETTINGS, ...values, callCounter: 0 })
    .onConflictDoUpdate({ target: devLmsSettings.name, set: { ...values, callCounter: 0 } })
    .returning();
  return row;
}

/** Counts one service call atomically; returns the settings and this call's number (1-based). */
export async function updateDevLmsCallCounter(): Promise<DevLmsSettings> {
  await selectDevLmsSettings();
  const [row] = await db()
    .update(devLmsSettings)
    .set({ callCounter: sql`${devLmsSettings.callCounter} + 1` })
    .where(eq(devLmsSettings.name, DEFAULT_SETTINGS))
    .returning();
  return row;
}
