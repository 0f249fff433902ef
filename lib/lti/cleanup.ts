import { deleteExpiredDeepLinkRequests } from "@/lib/models/lti-deep-links";
import { deleteExpiredLoginStates } from "@/lib/models/lti-launches";
import { deleteExpiredLtijsDocuments } from "@/lib/models/ltijs-documents";
import { deleteExpiredSessions } from "@/lib/models/sessions";

/**
 * Removes expired housekeeping rows: logins never completed, unanswered Deep Linking requests, ltijs documents past
 * their TTL, and expired sessions (every launch opens two). Expiry is already enforced on read; this only reclaims
 * space. Called hourly (inngest/lti.ts, or lib/lti/cleanup-runner.ts without Inngest); it needs no ltijs provider.
 */
export async function cleanupLtiState(): Promise<{ loginStates: number; deepLinkRequests: number; ltijsDocuments: number; sessions: number }> {
  const [loginStates, deepLinkRequests, ltijsDocuments, sessions] = await Promise.all([
    deleteExpiredLoginStates(),
    deleteExpiredDeepLinkRequests(),
    deleteExpiredLtijsDocuments(),
    deleteExpiredSessions(),
  ]);
  return { loginStates, deepLinkRequests, ltijsDocuments, sessions };
}
