import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { assignments, courses } from "./courses";
import { users } from "./users";

/**
 * A registered LMS (LTI 1.3 platform): one row per (issuer, client id). Endpoints come from Dynamic Registration,
 * the Canvas JSON flow, or manual registration. https://www.imsglobal.org/spec/lti/v1p3#platform-instance-claim
 */
export const ltiPlatforms = pgTable(
  "lti_platforms",
  {
    id: id(),
    issuer: text().notNull(),
    clientId: text().notNull(),
    name: text().notNull(),
    /** OIDC authorization endpoint (where login initiation sends the browser). */
    authLoginUrl: text().notNull(),
    /** OAuth2 token endpoint for AGS/NRPS; Canvas wants it as the client assertion `aud`. */
    authTokenUrl: text().notNull(),
    jwksUrl: text().notNull(),
    registeredVia: text({ enum: ["dynamic", "manual"] }).notNull(),
    /** "1.1": an LTI 1.1 consumer key (db/schema/lti11.ts) with no OIDC endpoints; never matched by 1.3 logins. */
    ltiVersion: text({ enum: ["1.3", "1.1"] }).notNull().default("1.3"),
    active: boolean().notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("lti_platforms_issuer_client_idx").on(t.issuer, t.clientId)],
);

/** Deployment ids a platform may launch with (ltijs does not track them; we refuse unknown ones). */
export const ltiDeployments = pgTable(
  "lti_deployments",
  {
    id: id(),
    platformId: uuid()
      .notNull()
      .references(() => ltiPlatforms.id),
    deploymentId: text().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("lti_deployments_platform_deployment_idx").on(t.platformId, t.deploymentId)],
);

/** One OIDC login in flight: the state (hashed), the nonce we issued, and the browser-binding secret (hashed). */
export const ltiLoginStates = pgTable(
  "lti_login_states",
  {
    id: id(),
    stateHash: text().notNull(),
    nonce: text().notNull(),
    bindingHash: text().notNull(),
    platformId: uuid()
      .notNull()
      .references(() => ltiPlatforms.id),
    /** Set when the platform offered client-side storage (lti_storage_target); the launch may prove binding there. */
    storageTarget: text(),
    /** The login initiation parameters, to offer "open in a new window" (a first-party relaunch) if binding fails. */
    loginParams: jsonb().$type<Record<string, string>>().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("lti_login_states_state_idx").on(t.stateHash), index("lti_login_states_expires_idx").on(t.expiresAt)],
);

/** An LMS user (platform + sub) mapped to a Lantern user. */
export const ltiUsers = pgTable(
  "lti_users",
  {
    id: id(),
    platformId: uuid()
      .notNull()
      .references(() => ltiPlatforms.id),
    sub: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("lti_users_platform_sub_idx").on(t.platformId, t.sub), index("lti_users_user_idx").on(t.userId)],
);

export type AgsClaim = { scope?: string[]; lineitems?: string; lineitem?: string };

/** An LMS course (platform + context id) linked to a Lantern course; several contexts may share one course. */
export const ltiContexts = pgTable(
  "lti_contexts",
  {
    id: id(),
    platformId: uuid()
      .notNull()
      .references(() => ltiPlatforms.id),
    contextId: text().notNull(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id),
    title: text(),
    label: text(),
    /** NRPS context_memberships_url from the latest launch. */
    nrpsUrl: text(),
    /**
     * The first staff launch from this LMS context. The roster is never read over NRPS before a member of staff has
     * launched Lantern from the course (they chose to use it there).
     */
    staffLaunchedAt: timestamp({ withTimezone: true }),
    /** AGS endpoint claim (lineitems URL and granted scopes) from the latest launch. */
    ags: jsonb().$type<AgsClaim>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("lti_contexts_platform_context_idx").on(t.platformId, t.contextId),
    index("lti_contexts_course_idx").on(t.courseId),
  ],
);

/** A placement in the LMS (resource link), linked to a Lantern assignment once known. */
export const ltiResourceLinks = pgTable(
  "lti_resource_links",
  {
    id: id(),
    deploymentRowId: uuid()
      .notNull()
      .references(() => ltiDeployments.id),
    contextRowId: uuid()
      .notNull()
      .references(() => ltiContexts.id),
    resourceLinkId: text().notNull(),
    assignmentId: uuid().references(() => assignments.id),
    title: text(),
    /** AGS endpoint claim for this link (its own line item, when the LMS made one). */
    ags: jsonb().$type<AgsClaim>(),
    /** Custom parameters, e.g. Canvas substitutions for due/lock dates ($Canvas.assignment.dueAt.iso8601). */
    custom: jsonb().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("lti_resource_links_deployment_link_idx").on(t.deploymentRowId, t.resourceLinkId),
    index("lti_resource_links_assignment_idx").on(t.assignmentId),
  ],
);

/** A Deep Linking request awaiting the instructor's pick (capability URL: only the token's hash is stored). */
export const ltiDeepLinkRequests = pgTable(
  "lti_deep_link_requests",
  {
    id: id(),
    tokenHash: text().notNull(),
    platformId: uuid()
      .notNull()
      .references(() => ltiPlatforms.id),
    deploymentId: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    courseId: uuid()
      .notNull()
      .references(() => courses.id),
    returnUrl: text().notNull(),
    acceptMultiple: boolean().notNull().default(false),
    acceptTypes: jsonb().$type<string[]>().notNull(),
    data: text(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("lti_deep_link_requests_token_idx").on(t.tokenHash)],
);

/** Storage for ltijs' database plugin: one document per (collection, key); expiry checked on read. */
export const ltijsDocuments = pgTable(
  "ltijs_documents",
  {
    id: id(),
    collection: text().notNull(),
    docKey: text().notNull(),
    doc: jsonb().$type<Record<string, unknown>>().notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("ltijs_documents_collection_key_idx").on(t.collection, t.docKey),
    index("ltijs_documents_expires_idx").on(t.expiresAt),
  ],
);
