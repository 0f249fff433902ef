import { and, asc, eq, lt, ne, or, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import type { LtiDeployment, LtiPlatform } from "./lti-platforms";
import { MAX_LAUNCH_ORIGINS, newLaunchOrigins } from "@/lib/lti11/launch-origins";
import { invalidateFrameOrigins } from "@/lib/security-headers/frame-origins";

const { lti11Consumers, lti11Nonces, lti11OutcomeTargets, ltiPlatforms, ltiDeployments, submissions } = schema;

export type Lti11Consumer = typeof lti11Consumers.$inferSelect;
export type Lti11OutcomeTarget = typeof lti11OutcomeTargets.$inferSelect;
/** A consumer with the platform row that namespaces its users and courses, and its one deployment. */
export type Lti11ConsumerWithPlatform = { consumer: Lti11Consumer; platform: LtiPlatform; deployment: LtiDeployment };
/** What lists and admin pages show of a consumer: never the secret. */
export type Lti11ConsumerSummary = {
  id: string;
  platformId: string;
  consumerKey: string;
  name: string;
  active: boolean;
  productFamily: string | null;
  lastLaunchAt: Date | null;
  createdAt: Date;
  /** The LMS addresses its signed launches named, which may frame Lantern (frame-ancestors). */
  launchOrigins: string[];
};

/**
 * LTI 1.1 has no deployment id; every consumer gets this one deployment so its resource links are stored like 1.3
 * links (unique per deployment and resource_link_id).
 */
export const LTI11_DEPLOYMENT_ID = "lti11";

/** The issuer recorded on a consumer's platform row: not a URL, so no 1.3 login or Canvas check can match it. */
export function lti11Issuer(consumerKey: string): string {
  return `lti11:${consumerKey}`;
}

/**
 * Creates a consumer with its platform row (lti_version 1.1, no OIDC endpoints) and deployment in one transaction.
 * Null when the key is taken.
 */
export async function insertConsumer({
  consumerKey,
  name,
  secret,
}: {
  consumerKey: string;
  name: string;
  secret: { iv: string; data: string };
}): Promise<Lti11ConsumerWithPlatform | null> {
  return db()
    .transaction(async (tx) => {
      const [taken] = await tx.select({ id: lti11Consumers.id }).from(lti11Consumers).where(eq(lti11Consumers.consumerKey, consumerKey));
      if (taken) return null;
      const [platform] = await tx
        .insert(ltiPlatforms)
        .values({
          issuer: lti11Issuer(consumerKey),
          clientId: consumerKey,
          name,
          authLoginUrl: "",
          authTokenUrl: "",
          jwksUrl: "",
          registeredVia: "manual",
          ltiVersion: "1.1",
        })
        .returning();
      const [deployment] = await tx.insert(ltiDeployments).values({ platformId: platform.id, deploymentId: LTI11_DEPLOYMENT_ID }).returning();
      const [consumer] = await tx
        .insert(lti11Consumers)
        .values({ platformId: platform.id, consumerKey, secretIv: secret.iv, secretData: secret.data })
        .returning();
      return { consumer, platform, deployment };
    })
    .catch((error: unknown) => {
      // A concurrent creation of the same key lost on a unique index.
      if (String((error as { code?: string })?.code ?? (error as { cause?: { code?: string } })?.cause?.code) === "23505") return null;
      throw error;
    });
}

function withPlatform() {
  return db()
    .select({ consumer: lti11Consumers, platform: ltiPlatforms, deployment: ltiDeployments })
    .from(lti11Consumers)
    .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, lti11Consumers.platformId))
    .innerJoin(ltiDeployments, and(eq(ltiDeployments.platformId, ltiPlatforms.id), eq(ltiDeployments.deploymentId, LTI11_DEPLOYMENT_ID)));
}

/** The consumer with this key (exact, case-sensitive as OAuth compares it), or null. */
export async function selectOptionalConsumerByKey({ consumerKey }: { consumerKey: string }): Promise<Lti11ConsumerWithPlatform | null> {
  const [row] = await withPlatform().where(eq(lti11Consumers.consumerKey, consumerKey)).limit(1);
  return row ?? null;
}

/** The consumer behind a 1.1 platform row (for Basic Outcomes delivery), or null. */
export async function selectOptionalConsumerByPlatform({ platformId }: { platformId: string }): Promise<Lti11ConsumerWithPlatform | null> {
  const [row] = await withPlatform().where(eq(lti11Consumers.platformId, platformId)).limit(1);
  return row ?? null;
}

/** Every consumer, by key, without secrets (CLI listing and admin pages). */
export async function selectConsumers(): Promise<Lti11ConsumerSummary[]> {
  return db()
    .select({
      id: lti11Consumers.id,
      platformId: ltiPlatforms.id,
      consumerKey: lti11Consumers.consumerKey,
      name: ltiPlatforms.name,
      active: ltiPlatforms.active,
      productFamily: lti11Consumers.productFamily,
      lastLaunchAt: lti11Consumers.lastLaunchAt,
      createdAt: lti11Consumers.createdAt,
      launchOrigins: lti11Consumers.launchOrigins,
    })
    .from(lti11Consumers)
    .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, lti11Consumers.platformId))
    .orderBy(asc(lti11Consumers.consumerKey));
}

/** Records a verified launch: the product family decides whether Canvas extensions are sent. */
export async function updateConsumerLaunched({ consumer, productFamily, at }: { consumer: Lti11Consumer; productFamily?: string; at: Date }) {
  const family = productFamily ?? consumer.productFamily;
  // Launches are hot: write only when something changed or the record is over ten minutes old.
  if (family === consumer.productFamily && consumer.lastLaunchAt && at.getTime() - consumer.lastLaunchAt.getTime() < 10 * 60_000) return;
  await db().update(lti11Consumers).set({ productFamily: family, lastLaunchAt: at }).where(eq(lti11Consumers.id, consumer.id));
}

/**
 * Adds LMS origins a verified launch named to the consumer's (lib/lti11/launch-origins.ts), so this LMS may frame
 * Lantern from the next response on. Nothing is written when they are all known (the usual launch).
 */
export async function updateConsumerLaunchOrigins({ consumer, origins }: { consumer: Lti11Consumer; origins: string[] }): Promise<void> {
  const fresh = newLaunchOrigins(consumer.launchOrigins, origins);
  if (fresh.length === 0) return;
  // Appended in the statement (not from the row read at the launch's start), so two first launches both count;
  // the length check keeps the cap under that race.
  const written = await db()
    .update(lti11Consumers)
    .set({ launchOrigins: sql`array(select distinct o from unnest(${lti11Consumers.launchOrigins} || array[${sql.join(fresh.map((o) => sql`${o}`), sql`, `)}]::text[]) o order by o)` })
    .where(and(eq(lti11Consumers.id, consumer.id), sql`cardinality(${lti11Consumers.launchOrigins}) + ${fresh.length} <= ${MAX_LAUNCH_ORIGINS}`))
    .returning({ id: lti11Consumers.id });
  if (written.length > 0) invalidateFrameOrigins();
}

/**
 * Records a nonce; false when this consumer used it before and it has not expired (a replay). An expired record of
 * the same nonce is taken over, so cleanup timing never decides a launch.
 */
export async function consumeNonce({ consumerId, nonce, expiresAt, now }: { consumerId: string; nonce: string; expiresAt: Date; now: Date }): Promise<boolean> {
  const rows = await db()
    .insert(lti11Nonces)
    .values({ consumerId, nonce, expiresAt })
    .onConflictDoUpdate({
      target: [lti11Nonces.consumerId, lti11Nonces.nonce],
      set: { expiresAt, createdAt: now },
      setWhere: lt(lti11Nonces.expiresAt, now),
    })
    .returning({ id: lti11Nonces.id });
  return rows.length === 1;
}

/** Removes nonces past their window; returns how many. */
export async function deleteExpiredNonces(): Promise<number> {
  const removed = await db().delete(lti11Nonces).where(lt(lti11Nonces.expiresAt, new Date())).returning({ id: lti11Nonces.id });
  return removed.length;
}

/** Keeps the Basic Outcomes address of a student's grade for a link current (from their latest launch). */
export async function ensureOutcomeTarget(values: {
  resourceLinkRowId: string;
  userId: string;
  serviceUrl: string;
  sourcedId: string;
  dataValuesAccepted: string | null;
}): Promise<void> {
  const rest = { serviceUrl: values.serviceUrl, sourcedId: values.sourcedId, dataValuesAccepted: values.dataValuesAccepted };
  const written = await db()
    .insert(lti11OutcomeTargets)
    .values(values)
    .onConflictDoUpdate({
      target: [lti11OutcomeTargets.resourceLinkRowId, lti11OutcomeTargets.userId],
      set: rest,
      // An unchanged target (every relaunch) writes nothing.
      setWhere: or(
        ne(lti11OutcomeTargets.serviceUrl, rest.serviceUrl),
        ne(lti11OutcomeTargets.sourcedId, rest.sourcedId),
        sql`${lti11OutcomeTargets.dataValuesAccepted} is distinct from ${rest.dataValuesAccepted}::text`,
      ),
    })
    .returning({ id: lti11OutcomeTargets.id });
  // The outcome service is on the LMS's host, one of the addresses of an LTI 1.1 consumer (frame-ancestors).
  if (written.length > 0) invalidateFrameOrigins();
}

/** Where the grade of `userId` on a resource link goes over Basic Outcomes, or null before such a launch. */
export async function selectOptionalOutcomeTarget({ resourceLinkRowId, userId }: { resourceLinkRowId: string; userId: string }): Promise<Lti11OutcomeTarget | null> {
  const [row] = await db()
    .select()
    .from(lti11OutcomeTargets)
    .where(and(eq(lti11OutcomeTargets.resourceLinkRowId, resourceLinkRowId), eq(lti11OutcomeTargets.userId, userId)))
    .limit(1);
  return row ?? null;
}

/**
 * The assignment and student of a submission in this course, or null: where a staff launch of the ltiLaunchUrl
 * Lantern gave Canvas (SpeedGrader) should land. The id comes from a signed URL but is still scoped by the course.
 */
export async function selectOptionalSubmissionPlacement({ courseId, unsafeSubmissionId }: { courseId: string; unsafeSubmissionId: string }) {
  if (!/^[0-9a-f-]{36}$/i.test(unsafeSubmissionId)) return null;
  const [row] = await db()
    .select({ assignmentId: submissions.assignmentId, userId: submissions.userId })
    .from(submissions)
    .where(and(eq(submissions.id, unsafeSubmissionId), eq(submissions.courseId, courseId)))
    .limit(1);
  return row ?? null;
}
