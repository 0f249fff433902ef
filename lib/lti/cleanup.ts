import { deleteExpiredDeepLinkRequests } from "@/lib/models/lti-deep-links";
import { deleteExpiredLoginStates } from "@/lib/models/lti-launches";
import { deleteExpiredLtijsDocuments } from "@/lib/models/ltijs-documents";

/**
 * Removes expired LTI housekeeping rows: logins never completed, unanswered Deep Linking requests, and ltijs
 * documents past their TTL. Expiry is already enforced on read; this only reclaims space. Call it from a scheduled
 * job (e.g. an hourly Inngest cron); it needs no ltijs provider.
 */
export async function cleanupLtiState(): Promise<{ loginStates: number; deepLinkRequests: number; ltijsDocuments: number }> {
  const [loginStates, deepLinkRequests, ltijsDocuments] = await Promise.all([
    deleteExpiredLoginStates(),
    deleteExpiredDeepLinkRequests(),
    deleteExpiredLtijsDocuments(),
  ]);
  return { loginStates, deepLinkRequests, ltijsDocuments };
}
