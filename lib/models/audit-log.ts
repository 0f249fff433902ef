import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import { db, schema } from "@/db";
import type { AnyAuthz, SiteAuthz } from "@/lib/auth/authz";
import { requestOrigin, type RequestLike } from "@/lib/client-address";
import { redact } from "@/lib/log";
import { decodeCursor, pageOf } from "@/lib/pagination";
import type { Executor } from "./code-states";

const { auditLog, users } = schema;

/**
 * A dotted verb: `<subject>.<what happened>`, e.g. `grade.override`, `grades.resend_all`, `platform.create`,
 * `platform.deactivate`, `user.roles_change`, `api_token.create`, `api_token.revoke`, `export.request`,
 * `extension.grant`, `submission.regrade`, `roster.sync`, `view_as.start`. Keep the subject first so the log filters
 * by prefix.
 */
export type AuditAction = `${string}.${string}`;

/** What the action was done to. `courseId` defaults to the course of a CourseAuthz. */
export type AuditSubject = { type: string; id?: string | null; courseId?: string | null };

export type AuditEvent = typeof auditLog.$inferSelect;

/** Largest before/after value stored; bigger values are replaced by a note (the log is not a backup). */
const MAX_STATE_BYTES = 16 * 1024;

function stateValue(value: unknown): unknown {
  if (value === undefined) return null;
  const safe = redact(value);
  const bytes = Buffer.byteLength(JSON.stringify(safe) ?? "null");
  return bytes > MAX_STATE_BYTES ? { truncated: true, bytes } : safe;
}

function actorOf(authz: AnyAuthz) {
  if (authz.kind === "system") return { actorUserId: null, effectiveUserId: null, actorVia: authz.via, apiTokenId: null };
  const { session } = authz;
  return {
    actorUserId: session.user.id,
    effectiveUserId: session.effectiveUser.id,
    actorVia: session.apiToken ? ("api_token" as const) : ("session" as const),
    apiTokenId: session.apiToken?.id ?? null,
  };
}

/**
 * Appends one entry to the audit log: who (real and effective user, or the system/CLI), what (`action` on
 * `subject`), the state before and after (secret-looking fields redacted), when, and from where (IP truncated to its
 * network, user agent as a keyed hash). Pass `tx` to write it in the same transaction as the change it records.
 * There is deliberately no update or delete: the table is append-only (a trigger enforces it).
 */
export async function insertAuditEvent({
  authz,
  action,
  subject,
  before,
  after,
  req,
  tx,
}: {
  authz: AnyAuthz;
  action: AuditAction;
  subject: AuditSubject;
  before?: unknown;
  after?: unknown;
  req?: RequestLike | null;
  tx?: Executor;
}): Promise<AuditEvent> {
  const courseId = subject.courseId ?? (authz.kind === "course" ? authz.course.id : null);
  const [row] = await (tx ?? db())
    .insert(auditLog)
    .values({
      ...actorOf(authz),
      action,
      subjectType: subject.type,
      subjectId: subject.id ?? null,
      courseId,
      before: stateValue(before),
      after: stateValue(after),
      ...requestOrigin(req),
    })
    .returning();
  return row;
}

export type AuditFilter = {
  /** Free text: actor name or email, action, or subject id. */
  q?: string;
  /** An action or an action prefix ("grade." matches every grade action). */
  action?: string;
  actorUserId?: string;
  courseId?: string;
  subjectType?: string;
  subjectId?: string;
  from?: Date;
  to?: Date;
};

/** One audit entry as the admin pages and the API show it. */
export type AuditEntry = AuditEvent & { actorName: string | null; actorEmail: string | null };

/** Audit entries, newest first, filtered, one keyset page at a time (admins only). */
export async function selectAuditEvents({
  authz,
  filter = {},
  cursor,
  limit = 50,
}: {
  authz: SiteAuthz;
  filter?: AuditFilter;
  cursor?: string | null;
  limit?: number;
}): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  if (!authz.roles.includes("admin")) return { items: [], nextCursor: null };
  const after = decodeCursor(cursor);
  const where: (SQL | undefined)[] = [
    filter.action ? (filter.action.endsWith(".") ? ilike(auditLog.action, `${escapeLike(filter.action)}%`) : eq(auditLog.action, filter.action)) : undefined,
    filter.actorUserId ? eq(auditLog.actorUserId, filter.actorUserId) : undefined,
    filter.courseId ? eq(auditLog.courseId, filter.courseId) : undefined,
    filter.subjectType ? eq(auditLog.subjectType, filter.subjectType) : undefined,
    filter.subjectId ? eq(auditLog.subjectId, filter.subjectId) : undefined,
    filter.from ? gte(auditLog.occurredAt, filter.from) : undefined,
    filter.to ? lt(auditLog.occurredAt, filter.to) : undefined,
    filter.q
      ? or(
          ilike(users.name, `%${escapeLike(filter.q)}%`),
          ilike(users.email, `%${escapeLike(filter.q)}%`),
          ilike(auditLog.action, `%${escapeLike(filter.q)}%`),
          eq(auditLog.subjectId, filter.q),
        )
      : undefined,
    after ? sql`(${auditLog.occurredAt}, ${auditLog.id}) < (${after.at}::timestamptz, ${after.id}::uuid)` : undefined,
  ];
  const rows = await db()
    .select({ event: auditLog, actorName: users.name, actorEmail: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(...where))
    .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(limit + 1);
  const entries = rows.map((r) => ({ ...r.event, actorName: r.actorName, actorEmail: r.actorEmail }));
  return pageOf(entries, limit, (e) => e.occurredAt);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
