import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { assignments, courses } from "./courses";
import { users } from "./users";

// The nbgrader exchange (nbexchange-compatible API under /services/nbexchange/, lib/exchange). Files live in the
// object store (lib/storage); these rows say what each file is. Purging an assignment deletes its files and clears
// `storageKey`, keeping the rows as history.

/**
 * A Lantern user as the exchange knows them: nbexchange's integer `student_id` (`number`) and the `username`
 * nbgrader uses as a student's directory name. Identities from an nbexchange-style identity (signed cookie or
 * `lantern exchange-token`) are keyed by their organisation (nbexchange `org_id`) and username; users who came from
 * an LMS have no organisation and get a username made from their name.
 */
export const exchangeUsers = pgTable(
  "exchange_users",
  {
    id: id(),
    number: integer().generatedAlwaysAsIdentity().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    username: text().notNull(),
    organisation: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("exchange_users_user_idx").on(t.userId),
    uniqueIndex("exchange_users_number_idx").on(t.number),
    unique("exchange_users_org_username_key").on(t.organisation, t.username).nullsNotDistinct(),
  ],
);

/**
 * Course codes of an nbexchange organisation: the course an nbexchange identity's `course_id` names. Courses from an
 * LMS need no row (their code is the LMS context label and members find them through their enrollments).
 */
export const exchangeCourses = pgTable(
  "exchange_courses",
  {
    id: id(),
    organisation: text().notNull(),
    code: text().notNull(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("exchange_courses_org_code_idx").on(t.organisation, t.code), uniqueIndex("exchange_courses_course_idx").on(t.courseId)],
);

/**
 * An nbgrader assignment (`assignment_id` = `code`) in a course, tied to the Lantern notebook assignment whose grades
 * go to the LMS. `active` is false after an unrelease (a later release reactivates it); a purged assignment is gone
 * from the exchange for good (a new release of the code starts a new row).
 */
export const exchangeAssignments = pgTable(
  "exchange_assignments",
  {
    id: id(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id),
    assignmentId: uuid()
      .notNull()
      .references(() => assignments.id),
    code: text().notNull(),
    active: boolean().notNull().default(true),
    purgedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("exchange_assignments_course_code_idx").on(t.courseId, t.code).where(sql`${t.purgedAt} is null`),
    index("exchange_assignments_assignment_idx").on(t.assignmentId),
  ],
);

const file = () => ({
  /** Null once purged (the object was deleted). */
  storageKey: text(),
  sha256: text().notNull(),
  bytes: bigint({ mode: "number" }).notNull(),
});

/** One release of an assignment: the tarball and its notebook names. Fetch serves the newest. */
export const exchangeReleases = pgTable(
  "exchange_releases",
  {
    id: id(),
    exchangeAssignmentId: uuid()
      .notNull()
      .references(() => exchangeAssignments.id),
    releasedByUserId: uuid()
      .notNull()
      .references(() => users.id),
    notebooks: jsonb().$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    ...file(),
    createdAt: createdAt(),
  },
  (t) => [index("exchange_releases_assignment_idx").on(t.exchangeAssignmentId, t.createdAt)],
);

/**
 * One submission: every one is kept. `timestamp` is the client's nbgrader timestamp normalised to UTC with
 * microseconds (`2026-01-02 03:04:05.123456 UTC`), the exact string nbgrader compares; feedback links to the row id.
 */
export const exchangeSubmissions = pgTable(
  "exchange_submissions",
  {
    id: id(),
    exchangeAssignmentId: uuid()
      .notNull()
      .references(() => exchangeAssignments.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    timestamp: text().notNull(),
    submittedAt: timestamp({ withTimezone: true }).notNull(),
    ...file(),
    createdAt: createdAt(),
  },
  (t) => [index("exchange_submissions_assignment_user_idx").on(t.exchangeAssignmentId, t.userId, t.submittedAt)],
);

/** Feedback HTML for one notebook of one submission. A newer row for the same (submission, notebook) replaces it. */
export const exchangeFeedback = pgTable(
  "exchange_feedback",
  {
    id: id(),
    submissionId: uuid()
      .notNull()
      .references(() => exchangeSubmissions.id),
    notebook: text().notNull(),
    instructorUserId: uuid()
      .notNull()
      .references(() => users.id),
    /** nbgrader's checksum of the graded notebook, as the instructor's client sent it. */
    checksum: text().notNull(),
    ...file(),
    createdAt: createdAt(),
  },
  (t) => [index("exchange_feedback_submission_idx").on(t.submissionId, t.notebook, t.createdAt)],
);

export const exchangeActionKinds = ["released", "fetched", "submitted", "collected", "feedback_released", "feedback_fetched", "removed"] as const;
export type ExchangeActionKind = (typeof exchangeActionKinds)[number];

/** Who did what to an assignment and when (server time): the history nbgrader's `list` and the course pages show. */
export const exchangeActions = pgTable(
  "exchange_actions",
  {
    id: id(),
    exchangeAssignmentId: uuid()
      .notNull()
      .references(() => exchangeAssignments.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    action: text({ enum: exchangeActionKinds }).notNull(),
    releaseId: uuid().references(() => exchangeReleases.id),
    submissionId: uuid().references(() => exchangeSubmissions.id),
    feedbackId: uuid().references(() => exchangeFeedback.id),
    createdAt: createdAt(),
  },
  (t) => [index("exchange_actions_assignment_idx").on(t.exchangeAssignmentId, t.createdAt), index("exchange_actions_user_idx").on(t.userId)],
);
