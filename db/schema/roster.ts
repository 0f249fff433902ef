import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, deletedAt, id, updatedAt } from "./columns";
import { courses } from "./courses";
import { ltiContexts } from "./lti";
import { users } from "./users";

/**
 * A member of an LMS context as its roster (NRPS) last reported them. Kept per context because several LMS
 * contexts may feed one course: a course enrollment is dropped only when no context lists the member any more.
 */
export const ltiContextMembers = pgTable(
  "lti_context_members",
  {
    id: id(),
    contextRowId: uuid()
      .notNull()
      .references(() => ltiContexts.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    /** NRPS 2.0 §2.4.1 member status; `absent` when a full sync no longer lists the member. */
    lmsStatus: text({ enum: ["active", "inactive", "deleted", "absent"] }).notNull(),
    roles: jsonb().$type<string[]>().notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("lti_context_members_context_user_idx").on(t.contextRowId, t.userId)],
);

export type RosterSyncStats = { pages: number; members: number; added: number; updated: number; dropped: number };

/**
 * One roster sync of an LMS context over NRPS: requested by staff or by the schedule, run in the background with
 * progress. At most one is queued or running per context (the partial unique index deduplicates requests).
 */
export const rosterSyncs = pgTable(
  "roster_syncs",
  {
    id: id(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id),
    contextRowId: uuid()
      .notNull()
      .references(() => ltiContexts.id),
    trigger: text({ enum: ["staff", "schedule"] }).notNull(),
    requestedByUserId: uuid().references(() => users.id),
    status: text({ enum: ["queued", "running", "done", "failed"] }).notNull().default("queued"),
    stats: jsonb().$type<RosterSyncStats>().notNull().default(sql`'{"pages":0,"members":0,"added":0,"updated":0,"dropped":0}'::jsonb`),
    /** What went wrong, in words staff understand (the LMS's status and message when it gave one). */
    error: text(),
    attempts: integer().notNull().default(0),
    /** A claim expires, so a sync interrupted by a crash is picked up again. */
    lockedUntil: timestamp({ withTimezone: true }),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("roster_syncs_one_active_idx").on(t.contextRowId).where(sql`status in ('queued', 'running')`),
    index("roster_syncs_course_idx").on(t.courseId, t.createdAt),
    index("roster_syncs_status_idx").on(t.status),
  ],
);

/** Course-wide accommodations for one student: extra days and attempts on every assignment of the course. */
export const courseAccommodations = pgTable(
  "course_accommodations",
  {
    id: id(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    extraDays: integer().notNull().default(0),
    extraAttempts: integer().notNull().default(0),
    reason: text(),
    grantedByUserId: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [uniqueIndex("course_accommodations_course_user_idx").on(t.courseId, t.userId)],
);
