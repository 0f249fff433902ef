import { env } from "./env";

/**
 * Where background work runs: on Inngest when it is configured (production), otherwise in this process, driven by
 * durable database rows so nothing is lost across restarts (DEVELOPERS.md: background work).
 */
export function backgroundMode(): "inngest" | "in-process" {
  const e = env();
  return (e.INNGEST_EVENT_KEY && e.INNGEST_SIGNING_KEY) || e.INNGEST_DEV ? "inngest" : "in-process";
}
