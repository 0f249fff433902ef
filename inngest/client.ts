import { Inngest } from "inngest";

/**
 * The Inngest client. Keys come from the environment Inngest's SDK reads itself (INNGEST_EVENT_KEY,
 * INNGEST_SIGNING_KEY, INNGEST_DEV — the same names lib/env.ts validates); whether Lantern uses Inngest at all is
 * decided by `backgroundMode()` in lib/background.ts.
 */
export const inngest = new Inngest({ id: "lantern" });
