import type { SiteAuthz, SystemAuthz } from "@/lib/auth/authz";
import type { RequestLike } from "@/lib/client-address";
import { badRequest, conflict, notFound } from "@/lib/errors";
import { encryptConsumerSecret, generateConsumerSecret } from "@/lib/lti11/secret";
import { clearRegistryCache } from "@/lib/lti/registry-cache";
import { insertAuditEvent } from "@/lib/models/audit-log";
import { insertConsumer, selectConsumers, selectOptionalConsumerByKey, type Lti11ConsumerSummary } from "@/lib/models/lti11-consumers";
import { updatePlatformActive } from "@/lib/models/lti-platforms";

/**
 * LTI 1.1 consumer keys for the admin pages and `npm run lti:register -- --lti11`: each change is authorized (an
 * admin, or the command line) and written to the audit log. The secret is returned once, at creation, and never
 * again (it is stored encrypted; the audit log records that a key was made, not its secret).
 */
type AdminAuthz = SiteAuthz | SystemAuthz;

function requireAdmin(authz: AdminAuthz): void {
  if (authz.kind === "site" && !authz.roles.includes("admin")) throw notFound();
}

/** Consumer keys are typed into LMS forms: printable ASCII without spaces, as OAuth signers expect. */
export const CONSUMER_KEY_PATTERN = /^[A-Za-z0-9._~:@-]{3,100}$/;

/** Creates a consumer key with a new random secret; returns the secret (show it once). */
export async function createConsumerKey({
  authz,
  consumerKey,
  name,
  req,
}: {
  authz: AdminAuthz;
  consumerKey: string;
  name?: string;
  req?: RequestLike | null;
}): Promise<{ consumer: Lti11ConsumerSummary; secret: string }> {
  requireAdmin(authz);
  if (!CONSUMER_KEY_PATTERN.test(consumerKey)) {
    throw badRequest("A consumer key is 3–100 characters: letters, digits and . _ ~ : @ - (no spaces).");
  }
  const secret = generateConsumerSecret();
  const created = await insertConsumer({ consumerKey, name: name?.trim() || `LTI 1.1: ${consumerKey}`, secret: await encryptConsumerSecret(secret) });
  if (!created) throw conflict(`The consumer key ${consumerKey} already exists.`);
  await insertAuditEvent({
    authz,
    action: "lti11_consumer.create",
    subject: { type: "lti_platform", id: created.platform.id },
    after: { consumerKey, name: created.platform.name },
    req,
  });
  const consumer = (await selectConsumers()).find((c) => c.id === created.consumer.id)!;
  return { consumer, secret };
}

/** Activates or deactivates a consumer key: launches with a deactivated key are refused and its grades wait. */
export async function setConsumerKeyActive({
  authz,
  consumerKey,
  active,
  req,
}: {
  authz: AdminAuthz;
  consumerKey: string;
  active: boolean;
  req?: RequestLike | null;
}): Promise<void> {
  requireAdmin(authz);
  const found = await selectOptionalConsumerByKey({ consumerKey });
  if (!found) throw notFound(`No consumer key ${consumerKey}.`);
  if (found.platform.active === active) return;
  await updatePlatformActive({ platformId: found.platform.id, active });
  clearRegistryCache();
  await insertAuditEvent({
    authz,
    action: active ? "lti11_consumer.activate" : "lti11_consumer.deactivate",
    subject: { type: "lti_platform", id: found.platform.id },
    before: { consumerKey, active: found.platform.active },
    after: { consumerKey, active },
    req,
  });
}

/** Every consumer key (never a secret). */
export async function listConsumerKeys({ authz }: { authz: AdminAuthz }): Promise<Lti11ConsumerSummary[]> {
  requireAdmin(authz);
  return selectConsumers();
}
