import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, numeric, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { FunctionTest, IoCase, LatePolicy, StarterFile } from "../../lib/grading/types";
import { createdAt, deletedAt, id, updatedAt } from "./columns";
import { users } from "./users";

export const courses = pgTable("courses", {
  id: id(),
  title: text().notNull(),
  /** Short label such as "CS 101"; shown in the header and in exports. */
  code: text(),
  /** Whether students see which staff member changed their grade (otherwise "changed by course staff"). */
  showGraderNames: boolean().notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  deletedAt: deletedAt(),
});

/**
 * Course roles, mapped from LTI role URIs at launch (LTI Core 1.3 §A.2.3 context roles).
 * `designer` is the LMS's content developer; `mentor` sees mentees' work only.
 */
export const courseRole = pgEnum("course_role", ["instructor", "ta", "designer", "mentor", "student"]);

export const enrollments = pgTable(
  "enrollments",
  {
    id: id(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    role: courseRole().notNull(),
    /** How the enrollment came to exist; roster sync only deactivates what it created. */
    source: text({ enum: ["lti", "roster", "manual", "seed"] }).notNull(),
    /**
     * Only active members may use the course. A roster sync sets inactive (the LMS reports the member inactive) and
     * dropped (deleted in the LMS or no longer on its roster); those rows stay, so their work and grades remain.
     */
    status: text({ enum: ["active", "inactive", "dropped"] }).notNull().default("active"),
    /** The member's latest launch into this course; null for a pending enrollment (on the roster, never launched). */
    lastLaunchAt: timestamp({ withTimezone: true }),
    /** LMS section ids from launches (LTI `lis.course_section_sourcedid`), for filtering gradebooks by section. */
    sections: jsonb().$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("enrollments_course_user_idx").on(t.courseId, t.userId), index("enrollments_user_idx").on(t.userId)],
);

export const assignmentGroups = pgTable(
  "assignment_groups",
  {
    id: id(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id),
    title: text().notNull(),
    position: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [index("assignment_groups_course_idx").on(t.courseId)],
);

export type { FunctionTest, IoCase, LatePolicy, StarterFile };

export const assignments = pgTable(
  "assignments",
  {
    id: id(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id),
    groupId: uuid().references(() => assignmentGroups.id),
    title: text().notNull(),
    /** Markdown written by staff; always sanitized when rendered. */
    instructions: text().notNull().default(""),
    kind: text({ enum: ["python", "notebook"] }).notNull().default("python"),
    starterFiles: jsonb().$type<StarterFile[]>().notNull().default(sql`'[]'::jsonb`),
    points: numeric({ precision: 10, scale: 2, mode: "number" }).notNull().default(10),
    dueAt: timestamp({ withTimezone: true }),
    lockAt: timestamp({ withTimezone: true }),
    latePolicy: jsonb().$type<LatePolicy>().notNull().default(sql`'{"kind":"none"}'::jsonb`),
    functionTests: jsonb().$type<FunctionTest[]>().notNull().default(sql`'[]'::jsonb`),
    ioCases: jsonb().$type<IoCase[]>().notNull().default(sql`'[]'::jsonb`),
    /** Wall-clock limit for one grading run of all tests, in milliseconds. */
    gradingTimeLimitMs: integer().notNull().default(10_000),
    position: integer().notNull().default(0),
    publishedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [index("assignments_course_idx").on(t.courseId)],
);
