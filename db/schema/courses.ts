import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, numeric, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { FunctionTest, IoCase, LatePolicy, StarterFile } from "../../lib/grading/types";
import { createdAt, deletedAt, id, updatedAt } from "./columns";
import { users } from "./users";

export const courses = pgTable("courses", {
  id: id(),
  title: text().notNull(),
  /** Short label such as "CS 101"; shown in the header and in exports. */
  code: text(),
  /** IANA time zone in which staff enter dates (students see dates in their own zone). */
  timeZone: text().notNull().default("UTC"),
  /** First day of the course (YYYY-MM-DD in `timeZone`); exported content stores dates relative to it. */
  startsOn: date({ mode: "string" }),
  /** Whether TAs may edit assignments (they can always read them). */
  taCanEdit: boolean().notNull().default(false),
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
    /** Short stable name, unique in the course: the folder name in exported course content. */
    slug: text()
      .notNull()
      .default(sql`'assignment-' || substr(gen_random_uuid()::text, 1, 8)`),
    /** Markdown written by staff; always sanitized when rendered. */
    instructions: text().notNull().default(""),
    kind: text({ enum: ["python", "notebook"] }).notNull().default("python"),
    /** The student's starting files; the first one is the file that runs (Run, I/O tests, the module tests import). */
    starterFiles: jsonb().$type<StarterFile[]>().notNull().default(sql`'[]'::jsonb`),
    /** Names of starter files the student may not change (data files); the grader always uses the starter copy. */
    readOnlyFiles: jsonb().$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** The staff's reference solution (same layout as the starter files). Never sent to students. */
    referenceFiles: jsonb().$type<StarterFile[]>().notNull().default(sql`'[]'::jsonb`),
    points: numeric({ precision: 10, scale: 2, mode: "number" }).notNull().default(10),
    /** Before this, students see the assignment listed but cannot open or submit it. */
    opensAt: timestamp({ withTimezone: true }),
    dueAt: timestamp({ withTimezone: true }),
    lockAt: timestamp({ withTimezone: true }),
    latePolicy: jsonb().$type<LatePolicy>().notNull().default(sql`'{"kind":"none"}'::jsonb`),
    functionTests: jsonb().$type<FunctionTest[]>().notNull().default(sql`'[]'::jsonb`),
    ioCases: jsonb().$type<IoCase[]>().notNull().default(sql`'[]'::jsonb`),
    /** Wall-clock limit for one grading run of all tests, in milliseconds. */
    gradingTimeLimitMs: integer().notNull().default(10_000),
    /** Most submissions a student may make; null = unlimited. */
    attemptLimit: integer(),
    /** Which graded submission counts: the last one or the best one. */
    scoreCounting: text({ enum: ["last", "best"] }).notNull().default("last"),
    /** `staff`: no autograding; the LMS gets no score until staff grade (never a silent 0). */
    gradedBy: text({ enum: ["autograder", "staff"] }).notNull().default("autograder"),
    position: integer().notNull().default(0),
    publishedAt: timestamp({ withTimezone: true }),
    /** Archived: hidden from students' lists and the LMS picker; existing work stays readable. */
    archivedAt: timestamp({ withTimezone: true }),
    /** Bumped by every staff save; a save based on an older revision is refused (two staff editing at once). */
    revision: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [
    index("assignments_course_idx").on(t.courseId),
    uniqueIndex("assignments_course_slug_idx").on(t.courseId, t.slug).where(sql`${t.deletedAt} is null`),
  ],
);
