import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { ltiPlatforms, ltiResourceLinks } from "./lti";
import { users } from "./users";

/**
 * An LTI 1.1 tool consumer: an OAuth 1.0a consumer key and its shared secret (LTI 1.1 Implementation Guide §4,
 * https://www.imsglobal.org/specs/ltiv1p1/implementation-guide). Each consumer owns one `lti_platforms` row
 * (lti_version 1.1) so its users, courses and links are provisioned exactly as 1.3 ones; that row's `active` is the
 * key's on/off switch. The secret lives here, not on the platform row, so listing platforms never reads it.
 */
export const lti11Consumers = pgTable(
  "lti11_consumers",
  {
    id: id(),
    platformId: uuid()
      .notNull()
      .references(() => ltiPlatforms.id),
    consumerKey: text().notNull(),
    /** AES-256-CBC under KEY_ENCRYPTION_SECRET, as the tool's signing keys (lib/lti/ltijs-plugin.ts Encrypt). */
    secretIv: text().notNull(),
    secretData: text().notNull(),
    /** `tool_consumer_info_product_family_code` of the latest launch (e.g. "canvas": enables Canvas extensions). */
    productFamily: text(),
    lastLaunchAt: timestamp({ withTimezone: true }),
    /**
     * The LMS origins this consumer's signed launches named, for `frame-ancestors` (lib/lti11/launch-origins.ts): a
     * consumer is registered by key alone, so its address is learned from its launches. Kept on this row, which every
     * launch reads anyway, so a launch from a known address costs no query.
     */
    launchOrigins: text().array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("lti11_consumers_key_idx").on(t.consumerKey), uniqueIndex("lti11_consumers_platform_idx").on(t.platformId)],
);

/**
 * oauth_nonce values seen per consumer, kept until their timestamp leaves the accepted window (RFC 5849 §3.3:
 * a nonce is unique per timestamp and consumer; Lantern refuses any repeat within the window). Removed by the
 * hourly LTI cleanup.
 */
export const lti11Nonces = pgTable(
  "lti11_nonces",
  {
    id: id(),
    consumerId: uuid()
      .notNull()
      .references(() => lti11Consumers.id),
    nonce: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("lti11_nonces_consumer_nonce_idx").on(t.consumerId, t.nonce), index("lti11_nonces_expires_idx").on(t.expiresAt)],
);

/**
 * Where a student's grade for a resource link goes over LTI 1.1 Basic Outcomes: the `lis_outcome_service_url` and
 * `lis_result_sourcedid` of their latest launch (LTI 1.1 §6, https://www.imsglobal.org/specs/ltiv1p1/implementation-guide#toc-26).
 */
export const lti11OutcomeTargets = pgTable(
  "lti11_outcome_targets",
  {
    id: id(),
    resourceLinkRowId: uuid()
      .notNull()
      .references(() => ltiResourceLinks.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    serviceUrl: text().notNull(),
    sourcedId: text().notNull(),
    /** `ext_outcome_data_values_accepted` (Canvas: "text,url,lti_launch_url"): which resultData kinds it takes. */
    dataValuesAccepted: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("lti11_outcome_targets_link_user_idx").on(t.resourceLinkRowId, t.userId)],
);
