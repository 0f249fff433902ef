import { sql } from "drizzle-orm";
import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { users } from "./users";

/**
 * Magic-link tokens for email sign-in, in the shape @auth/drizzle-adapter expects. Auth.js stores a hash of the
 * token (never the token) and deletes the row when the link is used, so a link works once.
 */
export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text().notNull(),
    token: text().notNull(),
    expires: timestamp({ mode: "date", withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/**
 * Fixed-window counters for rate limits that several app instances must agree on (sign-in links per address and per
 * IP, API calls per token). `key` names the limit and its subject, e.g. `signin:ip:203.0.113.0/24`.
 */
export const rateLimits = pgTable("rate_limits", {
  key: text().primaryKey(),
  windowStart: timestamp({ withTimezone: true }).notNull(),
  count: integer().notNull(),
});

/**
 * Personal API tokens. Only the SHA-256 of the token is stored (tokens are 256 random bits, so a fast hash is
 * enough); `prefix` is the start of the token, shown in lists so people can tell their tokens apart.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    name: text().notNull(),
    tokenHash: text().notNull(),
    prefix: text().notNull(),
    /** lib/auth/roles.ts ApiScope. */
    scopes: text({ enum: ["read", "grades:write", "exchange"] })
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("api_tokens_token_hash_idx").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);
