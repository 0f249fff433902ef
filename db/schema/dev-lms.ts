import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, deletedAt, id, updatedAt } from "./columns";

/**
 * The dev LMS (development and test only): a real LTI 1.3 platform that Lantern talks to over HTTP. These tables
 * are never read by Lantern's own code; they are the platform's side of the conversation.
 */

/** The platform's signing keys (RS256). Dev only, so the private JWK is stored as is. */
export const devLmsKeys = pgTable("dev_lms_keys", {
  id: id(),
  kid: text().notNull().unique(),
  privateJwk: jsonb().$type<Record<string, unknown>>().notNull(),
  publicJwk: jsonb().$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
});

/** A registered tool (one client_id + one deployment), by Dynamic Registration or by hand. */
export const devLmsTools = pgTable("dev_lms_tools", {
  id: id(),
  clientId: text().notNull().unique(),
  deploymentId: text().notNull(),
  name: text().notNull(),
  source: text({ enum: ["dynamic", "manual"] }).notNull(),
  initiateLoginUri: text().notNull(),
  redirectUris: jsonb().$type<string[]>().notNull(),
  targetLinkUri: text().notNull(),
  jwksUri: text(),
  /** An inline public keyset instead of a URL (Canvas's "public JWK" option; handy in tests). */
  jwks: jsonb().$type<{ keys: Record<string, unknown>[] }>(),
  /** Scopes the platform granted (space-separated in the registration, an array here). */
  scopes: jsonb().$type<string[]>().notNull(),
  /** The tool's `lti-tool-configuration` block as registered (messages, custom_parameters, claims, domain). */
  configuration: jsonb().$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  deletedAt: deletedAt(),
});

/** A link placed in a course (by the dev LMS or by a Deep Linking response), with Canvas-like assignment dates. */
export const devLmsResourceLinks = pgTable(
  "dev_lms_resource_links",
  {
    id: id(),
    clientId: text().notNull(),
    contextId: text().notNull(),
    title: text().notNull(),
    /** The tool URL to launch (a Deep Linking item's `url`); null means the tool's default target_link_uri. */
    url: text(),
    custom: jsonb().$type<Record<string, string>>().notNull().default({}),
    dueAt: timestamp({ withTimezone: true }),
    lockAt: timestamp({ withTimezone: true }),
    unlockAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("dev_lms_resource_links_context_idx").on(t.clientId, t.contextId)],
);

/** One pending or finished launch: the `lti_message_hint` names it, the auth endpoint consumes it. */
export const devLmsLaunches = pgTable("dev_lms_launches", {
  id: id(),
  clientId: text().notNull(),
  contextId: text().notNull(),
  person: text().notNull(),
  kind: text({ enum: ["resource_link", "course_navigation", "deep_linking"] }).notNull(),
  resourceLinkId: uuid(),
  platformStorage: boolean().notNull().default(false),
  /** Extra Deep Linking settings for this request (accept_multiple, accept_types, data). */
  options: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  /** Set when the auth endpoint answered: the claims that went to the tool. */
  idTokenClaims: jsonb().$type<Record<string, unknown>>(),
  authorizedAt: timestamp({ withTimezone: true }),
  createdAt: createdAt(),
});

/** AGS line items (AGS 2.0 §3.2), per tool and context. */
export const devLmsLineItems = pgTable(
  "dev_lms_line_items",
  {
    id: id(),
    clientId: text().notNull(),
    contextId: text().notNull(),
    label: text().notNull(),
    scoreMaximum: doublePrecision().notNull(),
    resourceLinkId: text(),
    resourceId: text(),
    tag: text(),
    startDateTime: text(),
    endDateTime: text(),
    gradesReleased: boolean(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [index("dev_lms_line_items_context_idx").on(t.clientId, t.contextId)],
);

/** Every score POST that passed validation (AGS 2.0 §3.4), applied or not; the result is the latest by timestamp. */
export const devLmsScores = pgTable(
  "dev_lms_scores",
  {
    id: id(),
    lineItemId: uuid().notNull(),
    userId: text().notNull(),
    scoreGiven: doublePrecision(),
    scoreMaximum: doublePrecision(),
    comment: text(),
    activityProgress: text().notNull(),
    gradingProgress: text().notNull(),
    timestamp: timestamp({ withTimezone: true, precision: 6 }).notNull(),
    /** The timestamp string exactly as the tool sent it. */
    timestampText: text().notNull(),
    /** False when an equal or later score was already on record, so this one did not change the result. */
    applied: boolean().notNull(),
    body: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("dev_lms_scores_line_item_user_idx").on(t.lineItemId, t.userId, t.timestamp)],
);

/** Every call to the platform's services, including refused and fault-injected ones, for tests to assert on. */
export const devLmsCalls = pgTable(
  "dev_lms_calls",
  {
    id: id(),
    seq: integer().generatedAlwaysAsIdentity(),
    clientId: text(),
    contextId: text(),
    service: text().notNull(),
    method: text().notNull(),
    url: text().notNull(),
    status: integer().notNull(),
    injected: text({ enum: ["error", "rate_limit", "lost_response"] }),
    contentType: text(),
    requestBody: jsonb(),
    responseBody: jsonb(),
    createdAt: createdAt(),
  },
  (t) => [index("dev_lms_calls_seq_idx").on(t.seq)],
);

/** OAuth2 access tokens issued by the token endpoint (only the hash is kept). */
export const devLmsAccessTokens = pgTable("dev_lms_access_tokens", {
  id: id(),
  tokenHash: text().notNull().unique(),
  clientId: text().notNull(),
  scopes: jsonb().$type<string[]>().notNull(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  createdAt: createdAt(),
});

/** Used JWT ids (client assertions, registration tokens): single use (Security Framework §4.1.1). */
export const devLmsUsedJtis = pgTable(
  "dev_lms_used_jtis",
  {
    id: id(),
    issuer: text().notNull(),
    jti: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("dev_lms_used_jtis_idx").on(t.issuer, t.jti)],
);

/** Failure injection for AGS (one row, name = 'default'): fail 1 in N calls, rate-limit 1 in M, lose 1 in K responses. */
export const devLmsSettings = pgTable("dev_lms_settings", {
  name: text().primaryKey(),
  failOneIn: integer().notNull().default(0),
  rateLimitOneIn: integer().notNull().default(0),
  /** Apply a write (score, line item), then answer 502 anyway: the tool cannot tell it landed (1 in N). */
  lostResponseOneIn: integer().notNull().default(0),
  retryAfterSeconds: integer().notNull().default(1),
  seed: integer().notNull().default(1),
  /** Counts AGS calls since the settings were last written; with the seed it makes injection deterministic. */
  callCounter: integer().notNull().default(0),
  updatedAt: updatedAt(),
});

/**
 * Changes to a course's roster (the dev LMS's people are the same in every course): a member made inactive,
 * deleted (NRPS still lists them with status Deleted) or removed (no longer listed at all), to test roster sync.
 */
export const devLmsRosterChanges = pgTable(
  "dev_lms_roster_changes",
  {
    id: id(),
    contextId: text().notNull(),
    userId: text().notNull(),
    status: text({ enum: ["Active", "Inactive", "Deleted", "removed"] }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("dev_lms_roster_changes_idx").on(t.contextId, t.userId)],
);
