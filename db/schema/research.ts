import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { courses } from "./courses";
import { users } from "./users";

/**
 * A course's research-consent model, chosen by its instructor. Without a row the course is opt-in with the default
 * wording (lib/research/consent.ts): nobody is in a research export until they agree.
 */
export const courseResearchSettings = pgTable("course_research_settings", {
  id: id(),
  courseId: uuid()
    .notNull()
    .unique()
    .references(() => courses.id),
  /** opt_in: only students who agreed; opt_out: everyone except students who declined. */
  consentModel: text({ enum: ["opt_in", "opt_out"] }).notNull(),
  /** What students read before choosing (plain text, shown as paragraphs). */
  wording: text().notNull(),
  updatedByUserId: uuid().references(() => users.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** A student's own research-consent choice for one course; the latest choice counts at export time. */
export const researchConsents = pgTable(
  "research_consents",
  {
    id: id(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    choice: text({ enum: ["granted", "declined"] }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("research_consents_course_user_idx").on(t.courseId, t.userId)],
);

/** An instructor's grant of one course's de-identified exports to a named researcher; revoked, never deleted. */
export const researchAccessGrants = pgTable(
  "research_access_grants",
  {
    id: id(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id),
    researcherUserId: uuid()
      .notNull()
      .references(() => users.id),
    grantedByUserId: uuid()
      .notNull()
      .references(() => users.id),
    revokedAt: timestamp({ withTimezone: true }),
    revokedByUserId: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("research_access_grants_course_idx").on(t.courseId), index("research_access_grants_researcher_idx").on(t.researcherUserId)],
);

/**
 * A researcher's named project. Its subject-id key is derived from KEY_ENCRYPTION_SECRET and this row's id (never
 * stored), so datasets exported under one project share subject ids; without a project each dataset gets a fresh key.
 */
export const researchProjects = pgTable(
  "research_projects",
  {
    id: id(),
    ownerUserId: uuid()
      .notNull()
      .references(() => users.id),
    name: text().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("research_projects_owner_name_idx").on(t.ownerUserId, t.name)],
);
