import { index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";

/**
 * The dev LMS as an LTI 1.1 tool consumer (development and test only): a tool added with a consumer key, shared secret
 * and configuration URL, as Canvas's "Add App → By URL" does. Never read by Lantern's own code.
 */
export const devLmsLti11Tools = pgTable("dev_lms_lti11_tools", {
  id: id(),
  consumerKey: text().notNull().unique(),
  /** Dev only, so the shared secret is stored as entered. */
  secret: text().notNull(),
  name: text().notNull(),
  configUrl: text(),
  launchUrl: text().notNull(),
  courseNavigationUrl: text(),
  /** Custom fields from the configuration (values may be substitution variables). */
  custom: jsonb().$type<Record<string, string>>().notNull().default({}),
  privacyLevel: text({ enum: ["public", "name_only", "email_only", "anonymous"] }).notNull().default("public"),
  /** When set, replaceResult answers failure with this description (Canvas: a concluded enrollment). */
  outcomeFailure: text(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** One prepared LTI 1.1 launch; the iframe's page signs it afresh (new nonce and timestamp) each time it opens. */
export const devLmsLti11Launches = pgTable("dev_lms_lti11_launches", {
  id: id(),
  consumerKey: text().notNull(),
  contextId: text().notNull(),
  person: text().notNull(),
  kind: text({ enum: ["resource_link", "course_navigation"] }).notNull(),
  resourceLinkId: uuid(),
  createdAt: createdAt(),
});

/** Every Basic Outcomes request that passed verification (LTI 1.1 §6): replaceResult, readResult, deleteResult. */
export const devLmsLti11Outcomes = pgTable(
  "dev_lms_lti11_outcomes",
  {
    id: id(),
    consumerKey: text().notNull(),
    sourcedId: text().notNull(),
    resourceLinkId: uuid().notNull(),
    userId: text().notNull(),
    operation: text({ enum: ["replaceResult", "readResult", "deleteResult"] }).notNull(),
    /** replaceResult's resultScore/textString (0.0–1.0) as sent; null for read/delete or a data-only replace. */
    score: text(),
    submittedAt: text(),
    ltiLaunchUrl: text(),
    /** success, or failure with the description the consumer answered. */
    codeMajor: text().notNull(),
    description: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("dev_lms_lti11_outcomes_sourced_idx").on(t.consumerKey, t.sourcedId, t.createdAt)],
);
