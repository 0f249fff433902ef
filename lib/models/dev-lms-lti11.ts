import { and, desc, eq } from "drizzle-orm";
import { db, schema } from "@/db";

const { devLmsLti11Tools, devLmsLti11Launches, devLmsLti11Outcomes } = schema;

/** The dev LMS's LTI 1.1 side (lib/dev-lms/lti11-*.ts). Development and test only. */
export type DevLmsLti11Tool = typeof devLmsLti11Tools.$inferSelect;
export type DevLmsLti11Launch = typeof devLmsLti11Launches.$inferSelect;
export type DevLmsLti11Outcome = typeof devLmsLti11Outcomes.$inferSelect;

/** Adds or replaces the 1.1 tool with this consumer key (re-adding with a new secret is how keys are rotated). */
export async function ensureDevLmsLti11Tool({ values }: { values: Omit<typeof devLmsLti11Tools.$inferInsert, "id" | "createdAt" | "updatedAt"> }) {
  const [row] = await db()
    .insert(devLmsLti11Tools)
    .values(values)
    .onConflictDoUpdate({ target: devLmsLti11Tools.consumerKey, set: { ...values, updatedAt: new Date() } })
    .returning();
  return row;
}

export async function selectDevLmsLti11Tools(): Promise<DevLmsLti11Tool[]> {
  return db().select().from(devLmsLti11Tools).orderBy(desc(devLmsLti11Tools.updatedAt));
}

export async function selectOptionalDevLmsLti11Tool({ consumerKey }: { consumerKey: string }): Promise<DevLmsLti11Tool | null> {
  const [row] = await db().select().from(devLmsLti11Tools).where(eq(devLmsLti11Tools.consumerKey, consumerKey)).limit(1);
  return row ?? null;
}

export async function updateDevLmsLti11OutcomeFailure({ consumerKey, outcomeFailure }: { consumerKey: string; outcomeFailure: string | null }) {
  await db().update(devLmsLti11Tools).set({ outcomeFailure }).where(eq(devLmsLti11Tools.consumerKey, consumerKey));
}

export async function insertDevLmsLti11Launch({ values }: { values: Omit<typeof devLmsLti11Launches.$inferInsert, "id" | "createdAt"> }) {
  const [row] = await db().insert(devLmsLti11Launches).values(values).returning();
  return row;
}

export async function selectOptionalDevLmsLti11Launch({ unsafeLaunchId }: { unsafeLaunchId: string }): Promise<DevLmsLti11Launch | null> {
  if (!/^[0-9a-f-]{36}$/i.test(unsafeLaunchId)) return null;
  const [row] = await db().select().from(devLmsLti11Launches).where(eq(devLmsLti11Launches.id, unsafeLaunchId)).limit(1);
  return row ?? null;
}

export async function insertDevLmsLti11Outcome({ values }: { values: Omit<typeof devLmsLti11Outcomes.$inferInsert, "id" | "createdAt"> }) {
  const [row] = await db().insert(devLmsLti11Outcomes).values(values).returning();
  return row;
}

/** Every recorded outcome call of a consumer key, oldest first (optionally one sourcedId's). */
export async function selectDevLmsLti11Outcomes({ consumerKey, sourcedId }: { consumerKey: string; sourcedId?: string }) {
  return db()
    .select()
    .from(devLmsLti11Outcomes)
    .where(and(eq(devLmsLti11Outcomes.consumerKey, consumerKey), sourcedId ? eq(devLmsLti11Outcomes.sourcedId, sourcedId) : undefined))
    .orderBy(devLmsLti11Outcomes.createdAt);
}
