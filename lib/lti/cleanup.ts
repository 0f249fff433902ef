import { deleteExpiredDeepLinkRequests } from "@/lib/models/lti-deep-links";
import { deleteExpiredLoginStates } from "@/lib/models/lti-launches";
import { deleteExpiredNonces } from "@/lib/models/lti11-consumers";
import { deleteExpiredLtijsDocuments } from "@/lib/models/ltijs-documents";
import { deleteExpiredRateLimits } from "@/lib/models/rate-limits";
import { deleteExpiredSessions } from "@/lib/models/sessions";

/**
 * Removes expired housekeeping rows: logins never completed, unanswered Deep Linking requests, ltijs documents past
 * their TTL, LTI 1.1 OAuth nonces past their timestamp window, expired sessions (every launch opens two), and rate-limit counters whose window ended. Expiry
 * is already enforced on read; this only reclaims space. Called hourly (inngest/lti.ts, or
 * lib/lti/cleanup-runner.ts without Inngest); it needs no ltijs provider.
 */
export async function cleanupLtiState(): Promise<{
  loginStates: number;
  deepLinkRequests: number;
  ltijsDocuments: number;
  lti11Nonces: number;
  sessions: number;
  rateLimits: number;
}> {
  const [loginStates, deepLinkRequests, ltijsDocuments, lti11Nonces, sessions, rateLimits] = await Promise.all([
    deleteExpiredLoginStates(),
    deleteExpiredDeepLinkRequests(),
    deleteExpiredLtijsDocuments(),
    deleteExpiredNonces(),
    deleteExpiredSessions(),
    deleteExpiredRateLimits(),
  ]);
  return { loginStates, deepLinkRequests, ltijsDocuments, lti11Nonces, sessions, rateLimits };
}
