import { sql } from "drizzle-orm";
import { db, schema } from "@/db";

const { rateLimits } = schema;

/**
 * Counts one use of `key` in a fixed window of `windowMs` and says whether it is still within `limit`. One upsert,
 * so concurrent requests on several app instances count exactly (the row lock serialises them). Returns when the
 * window ends, for a Retry-After.
 */
export async function consumeRateLimit({
  key,
  limit,
  windowMs,
}: {
  key: string;
  limit: number;
  windowMs: number;
}): Promise<{ allowed: boolean; count: number; resetAt: Date }> {
  const now = new Date();
  const windowOpen = new Date(now.getTime() - windowMs);
  const [row] = await db()
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStart} <= ${windowOpen} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${rateLimits.windowStart} <= ${windowOpen} then ${now} else ${rateLimits.windowStart} end`,
      },
    })
    .returning();
  return { allowed: row.count <= limit, count: row.count, resetAt: new Date(row.windowStart.getTime() + windowMs) };
}
