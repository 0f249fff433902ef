import { lt, sql } from "drizzle-orm";
import { db, schema } from "@/db";

const { rateLimits } = schema;

/**
 * The longest window any limit may use. A row whose window started longer ago than this counts as nothing (the next
 * use restarts it at 1), so the hourly cleanup may delete it.
 */
export const MAX_RATE_LIMIT_WINDOW_MS = 24 * 60 * 60 * 1000;

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
  if (windowMs > MAX_RATE_LIMIT_WINDOW_MS) throw new Error(`A rate-limit window is at most ${MAX_RATE_LIMIT_WINDOW_MS} ms.`);
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

/** Deletes counters whose window ended (older than the longest window); returns how many were removed. */
export async function deleteExpiredRateLimits(): Promise<number> {
  const cutoff = new Date(Date.now() - MAX_RATE_LIMIT_WINDOW_MS);
  const removed = await db().delete(rateLimits).where(lt(rateLimits.windowStart, cutoff)).returning({ key: rateLimits.key });
  return removed.length;
}
