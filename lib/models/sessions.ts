import { and, eq, gt, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, schema } from "@/db";
import type { User } from "./users";

const { sessions, users } = schema;

export type SessionRow = typeof sessions.$inferSelect;
export type SessionKind = SessionRow["kind"];
/** A session with its user and, while a staff member views as someone, that effective user (null otherwise or gone). */
export type SessionWithUsers = { session: SessionRow; user: User; effectiveUser: User | null };

const effectiveUsers = alias(users, "effective_users");

/** Unexpired sessions matching `where`, each with its users: one statement for what every request needs first. */
function selectSessionsWithUsers(where: SQL | undefined): Promise<SessionWithUsers[]> {
  return db()
    .select({ session: sessions, user: users, effectiveUser: effectiveUsers })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(effectiveUsers, eq(effectiveUsers.id, sessions.effectiveUserId))
    .where(and(where, gt(sessions.expiresAt, new Date())));
}

/** Stores a new session by the hash of its token. */
export async function insertSession({
  tokenHash,
  userId,
  kind,
  expiresAt,
}: {
  tokenHash: string;
  userId: string;
  kind: SessionKind;
  expiresAt: Date;
}): Promise<SessionRow> {
  const [row] = await db().insert(sessions).values({ tokenHash, userId, kind, expiresAt }).returning();
  return row;
}

/** Stores several sessions in one statement (an LTI launch opens a cookie session and a launch-token session). */
export async function insertSessions({
  values,
}: {
  values: { tokenHash: string; userId: string; kind: SessionKind; expiresAt: Date; grantId?: string }[];
}): Promise<SessionRow[]> {
  return db().insert(sessions).values(values).returning();
}

/** The unexpired session whose token hashes to this value, with its users, or null. */
export async function selectOptionalSessionByTokenHash({ tokenHash }: { tokenHash: string }): Promise<SessionWithUsers | null> {
  const [row] = await selectSessionsWithUsers(eq(sessions.tokenHash, tokenHash));
  return row ?? null;
}

/** The unexpired session with this id, with its users, or null (signed download links name their session by id). */
export async function selectOptionalSessionById({ sessionId }: { sessionId: string }): Promise<SessionWithUsers | null> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  const [row] = await selectSessionsWithUsers(eq(sessions.id, sessionId));
  return row ?? null;
}

/** The unexpired sessions whose tokens hash to these values, with their users (a request's cookie and Bearer tokens). */
export async function selectSessionsByTokenHashes({ tokenHashes }: { tokenHashes: string[] }): Promise<SessionWithUsers[]> {
  return selectSessionsWithUsers(inArray(sessions.tokenHash, tokenHashes));
}

/** Sets (or clears, with null) the user whose view a staff member is seeing. */
export async function updateSessionEffectiveUser({
  sessionId,
  effectiveUserId,
}: {
  sessionId: string;
  effectiveUserId: string | null;
}): Promise<void> {
  await db().update(sessions).set({ effectiveUserId }).where(eq(sessions.id, sessionId));
}

/** Ends a session and every session issued with it (its grant), e.g. a launch's cookie and `lt` tokens. */
export async function deleteSessionGrant({ sessionId }: { sessionId: string }): Promise<void> {
  await db()
    .delete(sessions)
    .where(
      or(
        eq(sessions.id, sessionId),
        inArray(sessions.grantId, sql`(select ${sessions.grantId} from ${sessions} where ${sessions.id} = ${sessionId} and ${sessions.grantId} is not null)`),
      ),
    );
}

/** Removes expired sessions; returns how many were removed. */
export async function deleteExpiredSessions(): Promise<number> {
  const removed = await db().delete(sessions).where(lt(sessions.expiresAt, new Date())).returning({ id: sessions.id });
  return removed.length;
}
