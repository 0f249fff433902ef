import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { id } from "./columns";
import { courses } from "./courses";
import { users } from "./users";

/**
 * Append-only record of staff and admin actions (lib/models/audit-log.ts). A database trigger refuses UPDATE and
 * DELETE, so not even a bug in Lantern can rewrite history. No foreign key on the subject: it may be anything.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    /** When it happened (server clock), in milliseconds so keyset cursors round-trip through JavaScript dates. */
    occurredAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** The signed-in person; null for background jobs and the command line. */
    actorUserId: uuid().references(() => users.id),
    /** The user whose view they had (view-as); equals actorUserId otherwise. */
    effectiveUserId: uuid().references(() => users.id),
    /** How the actor authenticated: a browser session, an API token, the command line or a background job. */
    actorVia: text({ enum: ["session", "api_token", "cli", "system"] }).notNull(),
    apiTokenId: uuid(),
    /** Dotted verb, e.g. `grade.override`, `platform.create`, `user.roles_change` (see AuditAction). */
    action: text().notNull(),
    subjectType: text().notNull(),
    subjectId: text(),
    /** The course the action concerns, when it concerns one (for staff-side filtering). */
    courseId: uuid().references(() => courses.id),
    before: jsonb().$type<unknown>(),
    after: jsonb().$type<unknown>(),
    /** Client address truncated to its network (/24 for IPv4, /48 for IPv6): where from, but not which machine. */
    ipPrefix: text(),
    /** Keyed hash of the user agent: tells devices apart without storing the string. */
    userAgentHash: text(),
  },
  (t) => [
    index("audit_log_occurred_idx").on(t.occurredAt, t.id),
    index("audit_log_actor_idx").on(t.actorUserId, t.occurredAt),
    index("audit_log_course_idx").on(t.courseId, t.occurredAt),
    index("audit_log_subject_idx").on(t.subjectType, t.subjectId),
  ],
);
