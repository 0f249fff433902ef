import { deleteExpiredDeepLinkRequests } from "@/lib/models/lti-deep-links";
import { deleteExpiredLoginStates } from "@/lib/models/lti-launches";
import { deleteExpiredNonces } from "@/lib/models/lti11-consumers";
import { deleteExpiredLtijsDocuments } from "@/lib/models/ltijs-documents";
import { deleteExpiredSessions } from "@/lib/models/sessions";

/**
 * Removes expired housekeeping rows: logins never completed, unanswered Deep Linking requests, ltijs documents past
 * their TTL, LTI 1.1 OAuth nonces past their timestamp window, and expired sessions (every launch opens two). Expiry
 * is already enforced on read; this only reclaims space. Called hourly (inngest/lti.ts, or
 * lib/lti/cleanup-runner.ts without Inngest); it needs no ltijs provider.
 */
export async function cleanupLtiState(): Promise<{ loginStates: number; deepLinkRequests: number; ltijsDocuments: number; lti11Nonces: number; sessions: number }> {
  const [loginStates, deepLinkRequests, ltijsDocuments, lti11Nonces, sessions] = await Promise.all([
    deleteExpiredLoginStates(),
    deleteExpiredDeepLinkRequests(),
    deleteExpiredLtijsDocuments(),
    deleteExpiredNonces(),
    deleteExpiredSessions(),
  ]);
  return { loginStates, deepLinkRequests, ltijsDocuments, lti11Nonces, sessions };
}
