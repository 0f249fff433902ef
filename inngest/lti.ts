import { cron } from "inngest";
import { cleanupLtiState } from "@/lib/lti/cleanup";
import { inngest } from "./client";

/**
 * Hourly: removes expired LTI rows (logins never completed, unanswered Deep Linking requests, ltijs nonces, access
 * tokens and retired keys past their TTL). Expiry is enforced on read; this only reclaims space.
 */
export const cleanupLti = inngest.createFunction(
  { id: "cleanup-lti-state", triggers: [cron("17 * * * *")] },
  async ({ step }) => step.run("delete-expired-rows", () => cleanupLtiState()),
);
