import { createHmac, timingSafeEqual } from "node:crypto";
import { systemAuthz } from "@/lib/auth/authz";
import { log } from "@/lib/log";
import { CLAIM } from "@/lib/lti/claims";
import { LaunchRefusal } from "@/lib/lti/refusal";
import type { VerifiedLaunch } from "@/lib/lti/verify";
import { selectOptionalConsumerByKey } from "@/lib/models/lti11-consumers";
import { ensureMigratedContext, ensureMigratedResourceLink, insertMigratedIdentity, selectLti11Records } from "@/lib/models/lti11-migration";
import { decryptConsumerSecret } from "./secret";

/**
 * LTI 1.1 → LTI 1.3 migration (1EdTech "LTI 1.1 Migration", https://www.imsglobal.org/spec/lti/v1p3/migr). A platform
 * that moved a tool from a 1.1 consumer key to a 1.3 registration sends, in each 1.3 launch, the claim
 * `https://purl.imsglobal.org/spec/lti/claim/lti1p1` with the user's 1.1 `user_id`, the `oauth_consumer_key` and
 * `oauth_consumer_key_sign`: proof that the platform holds that key's shared secret (§2.1.1).
 */

/** §2.1.1: the signed string is key & deployment_id & iss & client_id & exp & nonce, in that order. */
export function consumerKeySignBase(input: { consumerKey: string; deploymentId: string; issuer: string; clientId: string; exp: number; nonce: string }): string {
  return [input.consumerKey, input.deploymentId, input.issuer, input.clientId, String(input.exp), input.nonce].join("&");
}

/** §2.1.1: base64(HMAC-SHA256(key = the 1.1 shared secret, the base string)), both as UTF-8. */
export function consumerKeySign(base: string, secret: string): string {
  return createHmac("sha256", Buffer.from(secret, "utf8")).update(Buffer.from(base, "utf8")).digest("base64");
}

function equalInConstantTime(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length ? timingSafeEqual(x, y) : !timingSafeEqual(x, x);
}

/**
 * Before a 1.3 launch is provisioned: when it carries a migration claim for a consumer key Lantern knows, check the
 * signature, then give the 1.3 user, context and resource link rows that open the Lantern user, course and
 * assignment the 1.1 launches made (users by the 1.1 user_id, courses by the context id, links by
 * lti1p1.resource_link_id or the same resource link id: §2.2 says platforms keep context and link ids, and send the
 * old link id when they cannot). A key Lantern never issued, or a claim without a key, matches nothing: an unsigned
 * user_id could name anyone. A known key with a wrong or missing signature is refused, since provisioning would
 * otherwise make duplicates that cannot be merged later.
 */
export async function matchLti11Records(launch: VerifiedLaunch): Promise<void> {
  const { claims, platform, deployment } = launch;
  const claim = claims[CLAIM.lti1p1];
  if (platform.ltiVersion === "1.1" || !claim?.oauth_consumer_key) return;
  const consumer = await selectOptionalConsumerByKey({ consumerKey: claim.oauth_consumer_key });
  if (!consumer) return;
  if (!claim.oauth_consumer_key_sign || claims.exp === undefined || !claims.nonce) {
    throw new LaunchRefusal("migration_sign_invalid", `The lti1p1 claim names consumer key ${consumer.consumer.consumerKey} without oauth_consumer_key_sign.`);
  }
  const secret = await decryptConsumerSecret({ iv: consumer.consumer.secretIv, data: consumer.consumer.secretData });
  const base = consumerKeySignBase({
    consumerKey: claim.oauth_consumer_key,
    deploymentId: claims[CLAIM.deploymentId],
    issuer: platform.issuer,
    clientId: platform.clientId,
    exp: claims.exp,
    nonce: claims.nonce,
  });
  if (!equalInConstantTime(consumerKeySign(base, secret), claim.oauth_consumer_key_sign)) {
    throw new LaunchRefusal("migration_sign_invalid", `oauth_consumer_key_sign does not match consumer key ${consumer.consumer.consumerKey}'s secret.`);
  }

  const authz = systemAuthz();
  const link = claims[CLAIM.resourceLink];
  const found = await selectLti11Records(authz, {
    lti11PlatformId: consumer.platform.id,
    userId: claim.user_id,
    contextId: claims[CLAIM.context].id,
    resourceLinkId: link ? (claim.resource_link_id ?? link.id) : undefined,
  });
  if (found.userId) await insertMigratedIdentity(authz, { platformId: platform.id, sub: claims.sub, userId: found.userId });
  if (!found.context) return;
  const context = await ensureMigratedContext(authz, { platformId: platform.id, contextId: claims[CLAIM.context].id, from: found.context });
  if (link && found.link?.assignmentId && context.courseId === found.context.courseId) {
    await ensureMigratedResourceLink(authz, {
      deploymentRowId: deployment.id,
      contextRowId: context.id,
      resourceLinkId: link.id,
      title: link.title ?? found.link.title,
      assignmentId: found.link.assignmentId,
    });
  }
  log.info("lti11 migration matched", { consumerKey: consumer.consumer.consumerKey, platform: platform.issuer, user: Boolean(found.userId), course: found.context.courseId });
}
