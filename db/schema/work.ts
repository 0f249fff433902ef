import { boolean, index, integer, jsonb, numeric, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, deletedAt, id, updatedAt } from "./columns";
import { assignments, courses, type FunctionTest, type IoCase, type StarterFile } from "./courses";
import { ltiResourceLinks } from "./lti";
import { users } from "./users";

// Student work, grades and events are never hard-deleted (house style, rule 6).

/** One snapshot of a student's files, stored once per distinct content (sha256 of the canonical JSON). */
export const codeStates = pgTable("code_states", {
  id: id(),
  hash: text().notNull().unique(),
  files: jsonb().$type<StarterFile[]>().notNull(),
  bytes: integer().notNull(),
  createdAt: createdAt(),
});

export const submissionStatus = ["not_started", "in_progress", "submitted", "graded"] as const;

/** A student's work on one assignment (per linked LMS resource): the current files, status and grade. */
export const submissions = pgTable(
  "submissions",
  {
    id: id(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id),
    assignmentId: uuid()
      .notNull()
      .references(() => assignments.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    /** The LMS placement this work belongs to; null when opened outside a launch. */
    resourceLinkRowId: uuid().references(() => ltiResourceLinks.id),
    status: text({ enum: submissionStatus }).notNull().default("not_started"),
    currentVersion: integer().notNull().default(0),
    currentCodeStateId: uuid().references(() => codeStates.id),
    /** Due/lock dates carried by the LMS launch (e.g. Canvas custom variables); they override the assignment's. */
    lmsDueAt: timestamp({ withTimezone: true }),
    lmsLockAt: timestamp({ withTimezone: true }),
    /** The counting score: the staff override while there is one, else the autograder's. */
    score: numeric({ precision: 10, scale: 2, mode: "number" }),
    /** The autograder's latest applied score, kept beside an override (clearing the override restores it). */
    autoScore: numeric({ precision: 10, scale: 2, mode: "number" }),
    /** Set while a staff override is in force: later autograder results are recorded but never applied over it. */
    overriddenAt: timestamp({ withTimezone: true }),
    overriddenByUserId: uuid().references(() => users.id),
    rawScore: numeric({ precision: 10, scale: 2, mode: "number" }),
    latePenaltyPercent: numeric({ precision: 5, scale: 2, mode: "number" }),
    late: boolean().notNull().default(false),
    attempts: integer().notNull().default(0),
    startedAt: timestamp({ withTimezone: true }),
    submittedAt: timestamp({ withTimezone: true }),
    gradedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("submissions_assignment_user_link_key").on(t.assignmentId, t.userId, t.resourceLinkRowId).nullsNotDistinct(),
    index("submissions_user_idx").on(t.userId),
    index("submissions_course_idx").on(t.courseId),
  ],
);

/** Saved versions of a submission: every autosave, restore and submit, in order. */
export const submissionVersions = pgTable(
  "submission_versions",
  {
    id: id(),
    submissionId: uuid()
      .notNull()
      .references(() => submissions.id),
    version: integer().notNull(),
    codeStateId: uuid()
      .notNull()
      .references(() => codeStates.id),
    kind: text({ enum: ["autosave", "restore", "submit"] }).notNull(),
    /** When the browser made the change (it may arrive much later after an offline period). */
    clientSavedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [unique("submission_versions_submission_version_key").on(t.submissionId, t.version)],
);

/** A per-student extension of an assignment's due and lock dates. */
export const assignmentExtensions = pgTable(
  "assignment_extensions",
  {
    id: id(),
    assignmentId: uuid()
      .notNull()
      .references(() => assignments.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    dueAt: timestamp({ withTimezone: true }),
    lockAt: timestamp({ withTimezone: true }),
    /** Days added to the dates that would otherwise apply (when no new date is given). */
    extraDays: integer(),
    /** Attempts added to the assignment's attempt limit. */
    extraAttempts: integer(),
    reason: text(),
    grantedByUserId: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [unique("assignment_extensions_assignment_user_key").on(t.assignmentId, t.userId)],
);

/**
 * Why a grading job exists. `submission`: a student submitted (live). `reference`: staff check an assignment's tests
 * against a reference solution (live: someone is waiting). `regrade`: bulk re-grading after tests changed (never
 * ahead of live work).
 */
export const gradingJobPurpose = ["submission", "regrade", "reference"] as const;
export type GradingJobPurpose = (typeof gradingJobPurpose)[number];

/**
 * Durable grading work: one row per grading request, claimed by a grader (in the app process by default, or
 * `npm run grader` on other machines). Live jobs (priority 0) are taken round-robin across courses and students;
 * bulk jobs (priority 10) only when no live job is waiting.
 */
export const gradingJobs = pgTable(
  "grading_jobs",
  {
    id: id(),
    purpose: text({ enum: gradingJobPurpose }).notNull().default("submission"),
    priority: integer().notNull().default(0),
    courseId: uuid()
      .notNull()
      .references(() => courses.id),
    assignmentId: uuid()
      .notNull()
      .references(() => assignments.id),
    /** The student (submission, regrade) or the staff member who asked for a reference check. */
    userId: uuid()
      .notNull()
      .references(() => users.id),
    /** Null for reference checks, which grade files that belong to no submission. */
    submissionId: uuid().references(() => submissions.id),
    versionId: uuid().references(() => submissionVersions.id),
    /** The files graded. */
    codeStateId: uuid()
      .notNull()
      .references(() => codeStates.id),
    /** Reference checks only: draft tests to run instead of the assignment's saved ones. */
    tests: jsonb().$type<{ functionTests: FunctionTest[]; ioCases: IoCase[] }>(),
    status: text({ enum: ["queued", "running", "done", "failed"] }).notNull().default("queued"),
    /** Claims so far; a claim whose grader died counts too (after the limit the job is graded as a crash). */
    attempts: integer().notNull().default(0),
    runAfter: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** A claim expires so a crashed grader's job is picked up again. */
    lockedUntil: timestamp({ withTimezone: true }),
    startedAt: timestamp({ withTimezone: true }),
    error: text(),
    /** Reference checks only: per-test verdicts (submissions keep theirs in grading_runs). */
    results: jsonb().$type<TestResult[]>(),
    failure: text(),
    finishedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("grading_jobs_claim_idx").on(t.status, t.priority, t.runAfter),
    index("grading_jobs_submission_idx").on(t.submissionId),
    index("grading_jobs_version_idx").on(t.versionId),
  ],
);

export type TestResult = {
  kind: "function" | "io";
  name: string;
  visibility: "visible" | "hidden";
  status: "passed" | "failed" | "error" | "timeout";
  points: number;
  earned: number;
  message: string;
  /** Actual output for I/O cases (truncated), or the error text. */
  detail?: string;
};

/** The server's grading of one submitted version: per-test results and the score computation. */
export const gradingRuns = pgTable("grading_runs", {
  id: id(),
  submissionId: uuid()
    .notNull()
    .references(() => submissions.id),
  jobId: uuid()
    .references(() => gradingJobs.id)
    .unique(),
  versionId: uuid().references(() => submissionVersions.id),
  results: jsonb().$type<TestResult[]>().notNull(),
  /** Sandbox-level failure shown to the student (time limit, memory limit, crash); null when the run completed. */
  failure: text(),
  maxScore: numeric({ precision: 10, scale: 2, mode: "number" }).notNull(),
  rawScore: numeric({ precision: 10, scale: 2, mode: "number" }).notNull(),
  latePenaltyPercent: numeric({ precision: 5, scale: 2, mode: "number" }).notNull(),
  score: numeric({ precision: 10, scale: 2, mode: "number" }).notNull(),
  late: boolean().notNull(),
  createdAt: createdAt(),
});

/** Every change to a submission's score: old, new, who (null = the grader), why, when. */
export const gradeHistory = pgTable(
  "grade_history",
  {
    id: id(),
    submissionId: uuid()
      .notNull()
      .references(() => submissions.id),
    oldScore: numeric({ precision: 10, scale: 2, mode: "number" }),
    newScore: numeric({ precision: 10, scale: 2, mode: "number" }),
    actorUserId: uuid().references(() => users.id),
    /**
     * autograde: a grader result applied; autograde_kept: a grader result recorded beside a staff override, which
     * stays; override / override_cleared: staff set or removed an override.
     */
    kind: text({ enum: ["autograde", "autograde_kept", "override", "override_cleared"] }).notNull().default("autograde"),
    reason: text().notNull(),
    gradingRunId: uuid().references(() => gradingRuns.id),
    createdAt: createdAt(),
  },
  (t) => [index("grade_history_submission_idx").on(t.submissionId)],
);

/** The coding event log in ProgSnap2 vocabulary (https://cssplice.github.io/progsnap2/). */
export const codingEvents = pgTable(
  "coding_events",
  {
    id: id(),
    submissionId: uuid()
      .notNull()
      .references(() => submissions.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    /** Generated by the browser; a retried batch carries the same ids, so storage is idempotent. */
    clientEventId: uuid().notNull(),
    clientSessionId: text().notNull(),
    eventType: text().notNull(),
    clientTimestamp: timestamp({ withTimezone: true }).notNull(),
    /** IANA zone name reported by the browser (ProgSnap2 ClientTimezone). */
    clientTimezone: text().notNull(),
    codeStateId: uuid().references(() => codeStates.id),
    data: jsonb().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("coding_events_submission_client_event_key").on(t.submissionId, t.clientEventId),
    index("coding_events_submission_time_idx").on(t.submissionId, t.clientTimestamp),
  ],
);
