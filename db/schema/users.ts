import { sql } from "drizzle-orm";
import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";

export const users = pgTable(
  "users",
  {
    id: id(),
    name: text(),
    email: text(),
    emailVerified: timestamp({ withTimezone: true }),
    /** Site-wide roles (lib/auth/roles.ts SiteRole): admins run the site, researchers request research exports. */
    siteRoles: text({ enum: ["admin", "researcher"] })
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Set by an admin: the user can no longer sign in, launch or use API tokens; their work is kept. */
    deactivatedAt: timestamp({ withTimezone: true }),
    /** The LMS's preview user (e.g. Canvas Test Student): excluded from exports, analytics and passback. */
    isTestUser: boolean().notNull().default(false),
    /** Set for users created by the test-only login, so they can never be confused with real ones. */
    testLoginKey: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("users_email_idx").on(sql`lower(${t.email})`),
    uniqueIndex("users_test_login_key_idx").on(t.testLoginKey),
  ],
);

/** Our own server-side sessions: an opaque cookie token maps to a row (the hash is stored, never the token). */
export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    tokenHash: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    /** "View as student": the user whose view is shown; null means the real user. */
    effectiveUserId: uuid().references(() => users.id),
    kind: text({ enum: ["lti", "email", "test"] }).notNull(),
    /** Sessions issued together share it (an LTI launch's cookie and `lt` tokens): signing out ends them all. */
    grantId: uuid(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("sessions_token_hash_idx").on(t.tokenHash),
    index("sessions_user_idx").on(t.userId),
    index("sessions_grant_idx").on(t.grantId),
  ],
);
