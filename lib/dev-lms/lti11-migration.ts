import { CLAIM as LTI_CLAIM } from "@/lib/lti/claims";
import { consumerKeySign, consumerKeySignBase } from "@/lib/lti11/migration";
import type { DevLmsLaunch } from "@/lib/models/dev-lms";
import { selectDevLmsResourceLinks } from "@/lib/models/dev-lms";
import { selectOptionalDevLmsLti11Tool } from "@/lib/models/dev-lms-lti11";
import { lti11ClientId } from "./lti11-launch";
import type { Person } from "./people";

/** Lifetime of the id_token the claim is signed for (lib/dev-lms/keys.ts signAsPlatform's default). */
const TOKEN_LIFETIME_S = 300;

/**
 * When a 1.3 launch was asked to continue an LTI 1.1 tool of this LMS (launch option lti11ConsumerKey), adds the
 * 1EdTech LTI 1.1 migration claim (https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim) as Canvas
 * does for an "associated 1.1 tool": the person's 1.1 user_id, the consumer key, oauth_consumer_key_sign over the
 * token's own exp and nonce, and the course's first 1.1 link as resource_link_id (the dev LMS's 1.3 links have
 * ids of their own). Sets `exp` so the signature covers the token's real expiry.
 */
export async function addLti1p1Claim(claims: Record<string, unknown>, launch: DevLmsLaunch, person: Person): Promise<void> {
  const consumerKey = (launch.options as { lti11ConsumerKey?: string }).lti11ConsumerKey;
  const tool = consumerKey ? await selectOptionalDevLmsLti11Tool({ consumerKey }) : null;
  if (!tool) return;
  const exp = Math.floor(Date.now() / 1000) + TOKEN_LIFETIME_S;
  claims.exp = exp;
  const [link] = launch.kind === "resource_link" ? await selectDevLmsResourceLinks({ clientId: lti11ClientId(tool.consumerKey), contextId: launch.contextId }) : [];
  const base = consumerKeySignBase({
    consumerKey: tool.consumerKey,
    deploymentId: String(claims[LTI_CLAIM.deploymentId]),
    issuer: String(claims.iss),
    clientId: String(claims.aud),
    exp,
    nonce: String(claims.nonce),
  });
  claims[LTI_CLAIM.lti1p1] = {
    user_id: person.userId,
    oauth_consumer_key: tool.consumerKey,
    oauth_consumer_key_sign: consumerKeySign(base, tool.secret),
    ...(link && { resource_link_id: link.id }),
  };
}
