import { and, eq, gt, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, schema } from "@/db";
import { prepared, statementName } from "@/db/prepared";
import type { User } from "./users";

const { sessions, users } = schema;

export type SessionRow = typeof sessions.$inferSelect;
export type SessionKind = SessionRow["kind"];
/** A session with its user and, while a staff member views as someone, that effective user (null otherwise or gone). */
export type SessionWithUsers = { session: SessionRow; user: User; effectiveUser: User | null };

const effectiveUsers = alias(users, "effective_users");

// Prepared (every request that carries a session starts here): by one token hash, by two (a request's cookie and
// Bearer token), and by id (signed download links).
const withUsers = (name: string, where: (t: typeof sessions) => SQL | undefined) =>
  prepared(name, (d) =>
    d
      .select({ session: sessions, user: users, effectiveUser: effectiveUsers })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .leftJoin(effectiveUsers, eq(effectiveUsers.id, sessions.effectiveUserId))
      .where(and(where(sessions), gt(sessions.expiresAt, sql.placeholder("now"))))
      .prepare(statementName(name)),
  );
const byOneHash = withUsers("session_by_token_hash", (t) => eq(t.tokenHash, sql.placeholder("a")));
const byTwoHashes = withUsers("session_by_two_token_hashes", (t) => inArray(t.tokenHash, [sql.placeholder("a"), sql.placeholder("b")]));
const byId = withUsers("session_by_id", (t) => eq(t.id, sql.placeholder("a")));

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
  // A launch opens exactly two (cookie and launch token): that statement is prepared.
  if (values.length === 2) {
    const [a, b] = values;
    return twoSessionsInsert().execute({
      aHash: a.tokenHash, aUser: a.userId, aKind: a.kind, aExpires: a.expiresAt, aGrant: a.grantId ?? null,
      bHash: b.tokenHash, bUser: b.userId, bKind: b.kind, bExpires: b.expiresAt, bGrant: b.grantId ?? null,
    });
  }
  return db().insert(sessions).values(values).returning();
}

const twoSessionsInsert = prepared("insert_two_sessions", (d) =>
  d
    .insert(sessions)
    .values(
      (["a", "b"] as const).map((k) => ({
        tokenHash: sql.placeholder(`${k}Hash`),
        userId: sql.placeholder(`${k}User`),
        kind: sql.placeholder(`${k}Kind`),
        expiresAt: sql.placeholder(`${k}Expires`),
        grantId: sql.placeholder(`${k}Grant`),
      })),
    )
    .returning()
    .prepare(statementName("insert_two_sessions")),
);

/** The unexpired session whose token hashes to this value, with its users, or null. */
export async function selectOptionalSessionByTokenHash({ tokenHash }: { tokenHash: string }): Promise<SessionWithUsers | null> {
  const [row] = await byOneHash().execute({ a: tokenHash, now: new Date() });
  return row ?? null;
}

/** The unexpired session with this id, with its users, or null (signed download links name their session by id). */
export async function selectOptionalSessionById({ sessionId }: { sessionId: string }): Promise<SessionWithUsers | null> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  const [row] = await byId().execute({ a: sessionId, now: new Date() });
  return row ?? null;
}

/** The unexpired sessions whose tokens hash to these one or two values, with their users (a request's cookie and Bearer tokens). */
export async function selectSessionsByTokenHashes({ tokenHashes }: { tokenHashes: string[] }): Promise<SessionWithUsers[]> {
  const now = new Date();
  if (tokenHashes.length === 1) return byOneHash().execute({ a: tokenHashes[0], now });
  if (tokenHashes.length === 2) return byTwoHashes().execute({ a: tokenHashes[0], b: tokenHashes[1], now });
  throw new Error(`A request carries one or two session tokens, not ${tokenHashes.length}.`);
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
