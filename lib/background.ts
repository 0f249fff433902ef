import { env } from "./env";

type Mode = "inngest" | "in-process" | "manual";
let override: Mode | undefined;

/**
 * Where background work runs: on Inngest when it is configured (production), otherwise in this process, driven by
 * durable database rows so nothing is lost across restarts (DEVELOPERS.md: background work). "manual" is for unit
 * tests, which drive the same functions themselves.
 */
export function backgroundMode(): Mode {
  if (override) return override;
  const e = env();
  return (e.INNGEST_EVENT_KEY && e.INNGEST_SIGNING_KEY) || e.INNGEST_DEV ? "inngest" : "in-process";
}

/** Test hook: fix the mode (the vitest setup uses "manual"). */
export function setBackgroundModeForTests(mode: Mode | undefined): void {
  override = mode;
}
