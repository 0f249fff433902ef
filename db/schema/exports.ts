import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { courses } from "./courses";
import { users } from "./users";

export const exportKinds = ["grades", "canvas", "submissions", "events", "progsnap2"] as const;
export type ExportKind = (typeof exportKinds)[number];
export const exportJobStatus = ["queued", "running", "done", "failed"] as const;

/**
 * One requested export (staff or research): its parameters, progress while it runs, and where the result is stored
 * until it expires. Built in the background (Inngest, or in-process from these rows); see lib/exports.
 */
export const exportJobs = pgTable(
  "export_jobs",
  {
    id: id(),
    kind: text({ enum: exportKinds }).notNull(),
    /** "staff": identified, every student; "research": de-identified, consenting students only. */
    audience: text({ enum: ["staff", "research"] }).notNull(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id),
    requestedByUserId: uuid()
      .notNull()
      .references(() => users.id),
    /** Scope filters and options, validated by lib/exports/params.ts. */
    params: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text({ enum: exportJobStatus }).notNull().default("queued"),
    /** 0–100, written as the job runs. */
    progress: integer().notNull().default(0),
    /** What the job is doing now, or why it failed, in words the requester understands. */
    message: text(),
    attempts: integer().notNull().default(0),
    runAfter: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** A claim expires, so a job interrupted by a crash is picked up again. */
    lockedUntil: timestamp({ withTimezone: true }),
    /** Internal error detail for the log view of admins (never shown to requesters). */
    error: text(),
    resultKey: text(),
    resultFilename: text(),
    resultContentType: text(),
    resultBytes: integer(),
    resultSha256: text(),
    /** Rows written (events, students × assignments, submissions). */
    rowCount: integer(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    /** After this the result is deleted and the download refused. */
    expiresAt: timestamp({ withTimezone: true }),
    notifiedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("export_jobs_status_run_after_idx").on(t.status, t.runAfter),
    index("export_jobs_course_idx").on(t.courseId, t.createdAt),
    index("export_jobs_requester_idx").on(t.requestedByUserId, t.createdAt),
  ],
);
