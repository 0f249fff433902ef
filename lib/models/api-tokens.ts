import { and, desc, eq, gt, isNull, lt, or } from "drizzle-orm";
import { db, schema } from "@/db";
import type { SiteAuthz, SystemAuthz, UserAuthz } from "@/lib/auth/authz";
import type { ApiScope } from "@/lib/auth/roles";
import type { RequestLike } from "@/lib/client-address";
import { notFound } from "@/lib/errors";
import { insertAuditEvent } from "./audit-log";

const { apiTokens } = schema;

export type ApiTokenRow = typeof apiTokens.$inferSelect;
/** What lists show of a token: never its hash. */
export type ApiTokenSummary = Omit<ApiTokenRow, "tokenHash">;

function summary({ tokenHash: _hash, ...rest }: ApiTokenRow): ApiTokenSummary {
  return rest;
}

/** The user a token is created for: oneself, or anyone for the command line. */
function ownerOf(authz: UserAuthz | SystemAuthz, userId?: string): string {
  if (authz.kind === "user") return authz.session.user.id;
  if (!userId) throw new Error("systemAuthz needs an explicit userId");
  return userId;
}

/** Stores a new token (by hash) for the caller, or for `userId` from the command line; audited `api_token.create`. */
export async function insertApiToken({
  authz,
  userId,
  values,
  req,
}: {
  authz: UserAuthz | SystemAuthz;
  userId?: string;
  values: { name: string; tokenHash: string; prefix: string; scopes: readonly ApiScope[]; expiresAt: Date };
  req?: RequestLike | null;
}): Promise<ApiTokenSummary> {
  const owner = ownerOf(authz, userId);
  return db().transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ ...values, scopes: [...values.scopes], userId: owner })
      .returning();
    await insertAuditEvent({
      authz,
      action: "api_token.create",
      subject: { type: "api_token", id: row.id },
      after: { userId: owner, name: row.name, scopes: row.scopes, expiresAt: row.expiresAt.toISOString(), prefix: row.prefix },
      req,
      tx,
    });
    return summary(row);
  });
}

/** The caller's tokens (an admin may list another user's), newest first, including revoked and expired ones. */
export async function selectApiTokens({ authz, userId }: { authz: UserAuthz | SiteAuthz; userId?: string }): Promise<ApiTokenSummary[]> {
  const owner = authz.kind === "site" && authz.roles.includes("admin") && userId ? userId : authz.session.user.id;
  const rows = await db().select().from(apiTokens).where(eq(apiTokens.userId, owner)).orderBy(desc(apiTokens.createdAt));
  return rows.map(summary);
}

/**
 * Revokes a token: its owner may, and so may an admin. Someone else's token is a 404. Idempotent; audited
 * `api_token.revoke` the first time.
 */
export async function updateApiTokenRevoked({
  authz,
  unsafeTokenId,
  req,
}: {
  authz: UserAuthz | SiteAuthz;
  unsafeTokenId: string;
  req?: RequestLike | null;
}): Promise<ApiTokenSummary> {
  if (!/^[0-9a-f-]{36}$/i.test(unsafeTokenId)) throw notFound("No such token.");
  const isAdmin = authz.kind === "site" && authz.roles.includes("admin");
  return db().transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, unsafeTokenId), isAdmin ? undefined : eq(apiTokens.userId, authz.session.user.id)))
      .for("no key update");
    if (!current) throw notFound("No such token.");
    if (current.revokedAt) return summary(current);
    const [row] = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, current.id)).returning();
    await insertAuditEvent({
      authz,
      action: "api_token.revoke",
      subject: { type: "api_token", id: row.id },
      before: { revoked: false },
      after: { revoked: true, userId: row.userId, name: row.name },
      req,
      tx,
    });
    return summary(row);
  });
}

/** The unrevoked, unexpired token with this hash, or null. */
export async function selectOptionalLiveApiToken({ tokenHash }: { tokenHash: string }): Promise<ApiTokenRow | null> {
  const [row] = await db()
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, new Date())))
    .limit(1);
  return row ?? null;
}

/** Records a use, at most once per `granularityMs` (a write per request would cost more than the request). */
export async function updateApiTokenLastUsed({ tokenId, granularityMs }: { tokenId: string; granularityMs: number }): Promise<void> {
  const now = new Date();
  await db()
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiTokens.id, tokenId),
        or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - granularityMs))),
      ),
    );
}
