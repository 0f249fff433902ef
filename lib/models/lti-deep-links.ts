import { and, eq, gt, isNull, lt } from "drizzle-orm";
import { db, schema } from "@/db";
import { invalidateFrameOrigins } from "@/lib/security-headers/frame-origins";

const { ltiDeepLinkRequests } = schema;

export type LtiDeepLinkRequest = typeof ltiDeepLinkRequests.$inferSelect;

/** Stores a Deep Linking request awaiting the instructor's pick. */
export async function insertDeepLinkRequest({
  values,
}: {
  values: Omit<typeof ltiDeepLinkRequests.$inferInsert, "id" | "createdAt" | "usedAt">;
}): Promise<LtiDeepLinkRequest> {
  const [row] = await db().insert(ltiDeepLinkRequests).values(values).returning();
  invalidateFrameOrigins(); // the Deep Linking response form posts to its return URL (form-action)
  return row;
}

/** The open (unexpired, unanswered) request for this token hash, or null. */
export async function selectOptionalOpenDeepLinkRequest({
  tokenHash,
}: {
  tokenHash: string;
}): Promise<LtiDeepLinkRequest | null> {
  const [row] = await db()
    .select()
    .from(ltiDeepLinkRequests)
    .where(
      and(
        eq(ltiDeepLinkRequests.tokenHash, tokenHash),
        isNull(ltiDeepLinkRequests.usedAt),
        gt(ltiDeepLinkRequests.expiresAt, new Date()),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** Marks the request answered; true only for the first caller (a response is sent once). */
export async function markDeepLinkRequestUsed({ requestId }: { requestId: string }): Promise<boolean> {
  const updated = await db()
    .update(ltiDeepLinkRequests)
    .set({ usedAt: new Date() })
    .where(and(eq(ltiDeepLinkRequests.id, requestId), isNull(ltiDeepLinkRequests.usedAt)))
    .returning({ id: ltiDeepLinkRequests.id });
  return updated.length === 1;
}

/** Removes Deep Linking requests past their expiry; returns how many. */
export async function deleteExpiredDeepLinkRequests(): Promise<number> {
  const removed = await db()
    .delete(ltiDeepLinkRequests)
    .where(lt(ltiDeepLinkRequests.expiresAt, new Date()))
    .returning({ id: ltiDeepLinkRequests.id });
  return removed.length;
}
