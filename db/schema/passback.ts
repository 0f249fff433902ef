import { boolean, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { ltiPlatforms, ltiResourceLinks } from "./lti";
import { submissions } from "./work";

export const outboxStatus = ["pending", "waiting", "delivered", "failed", "superseded"] as const;
export type OutboxStatus = (typeof outboxStatus)[number];

/**
 * The durable grade outbox: one row per grade change, written in the same transaction as the grade. Rows are
 * delivered at least once and applied exactly once (the LMS keeps the score with the latest timestamp, and a newer
 * row for the same submission supersedes older undelivered ones). Never deleted: it is the sync history.
 */
export const gradeOutbox = pgTable(
  "grade_outbox",
  {
    id: id(),
    submissionId: uuid()
      .notNull()
      .references(() => submissions.id),
    /** Null when the score has no final grade yet (submitted, awaiting grading). */
    scoreGiven: numeric({ precision: 10, scale: 2, mode: "number" }),
    scoreMaximum: numeric({ precision: 10, scale: 2, mode: "number" }).notNull(),
    /** The instant of the grade change, sent as the AGS `timestamp`; identical on every retry. */
    changedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    status: text({ enum: outboxStatus }).notNull().default("pending"),
    /** Why a row is waiting or failed, in words a teacher understands (the LMS's own message when it gave one). */
    statusReason: text(),
    /** Set once the target is known; concurrency towards an LMS is limited per platform. */
    platformId: uuid().references(() => ltiPlatforms.id),
    lineItemUrl: text(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** A claim expires, so a delivery interrupted by a crash is picked up again. */
    lockedUntil: timestamp({ withTimezone: true }),
    lastHttpStatus: integer(),
    deliveredAt: timestamp({ withTimezone: true }),
    /** Staff asked to resend: deliver even if the LMS already has this score. */
    force: boolean().notNull().default(false),
    /** Rows created together by one bulk "resend all", for its progress bar. */
    batchId: uuid(),
    /** True when delivery found the LMS already had this exact score and made no call. */
    skippedUnchanged: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("grade_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("grade_outbox_submission_idx").on(t.submissionId, t.createdAt),
    index("grade_outbox_batch_idx").on(t.batchId),
  ],
);

/** The last score the LMS accepted per line item and LMS user, so an unchanged score is not sent again. */
export const lmsScoreDeliveries = pgTable(
  "lms_score_deliveries",
  {
    id: id(),
    lineItemUrl: text().notNull(),
    lmsUserId: text().notNull(),
    scoreGiven: numeric({ precision: 10, scale: 2, mode: "number" }),
    scoreMaximum: numeric({ precision: 10, scale: 2, mode: "number" }).notNull(),
    changedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    outboxId: uuid()
      .notNull()
      .references(() => gradeOutbox.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("lms_score_deliveries_item_user_idx").on(t.lineItemUrl, t.lmsUserId)],
);

/** The line item found or created for a resource link that arrived without one (never create duplicates). */
export const lmsLineItems = pgTable(
  "lms_line_items",
  {
    id: id(),
    resourceLinkRowId: uuid()
      .notNull()
      .references(() => ltiResourceLinks.id),
    lineItemUrl: text().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("lms_line_items_resource_link_idx").on(t.resourceLinkRowId)],
);
