import { deleteExpiredDeepLinkRequests } from "@/lib/models/lti-deep-links";
import { deleteExpiredLoginStates } from "@/lib/models/lti-launches";
import { deleteExpiredNonces } from "@/lib/models/lti11-consumers";
import { deleteExpiredLtijsDocuments } from "@/lib/models/ltijs-documents";

/**
 * Removes expired LTI housekeeping rows: logins never completed, unanswered Deep Linking requests, and ltijs
 * documents past their TTL, and LTI 1.1 OAuth nonces past their timestamp window. Expiry is already enforced on read; this only reclaims space. Call it from a scheduled
 * job (e.g. an hourly Inngest cron); it needs no ltijs provider.
 */
export async function cleanupLtiState(): Promise<{ loginStates: number; deepLinkRequests: number; ltijsDocuments: number; lti11Nonces: number }> {
  const [loginStates, deepLinkRequests, ltijsDocuments, lti11Nonces] = await Promise.all([
    deleteExpiredLoginStates(),
    deleteExpiredDeepLinkRequests(),
    deleteExpiredLtijsDocuments(),
    deleteExpiredNonces(),
  ]);
  return { loginStates, deepLinkRequests, ltijsDocuments, lti11Nonces };
}
