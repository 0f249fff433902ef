import { existsSync } from "node:fs";

const CHRT = "/usr/bin/chrt";
const NICE = "/usr/bin/nice";

/**
 * The command prefix that runs a background process at the lowest CPU priority, so it never holds up a web request
 * (or the database): SCHED_IDLE (sched(7); util-linux `chrt --idle 0`) gives it a core only when no normal task
 * wants one, and any process may lower itself to it without privileges. Children inherit it. Without chrt, nice 19.
 */
export function lowPriority(): string[] {
  if (existsSync(CHRT)) return [CHRT, "--idle", "0"];
  if (existsSync(NICE)) return [NICE, "-n", "19"];
  return [];
}

/** How lowPriority() runs things here, for start-up logs. */
export function describeLowPriority(): string {
  return existsSync(CHRT) ? "SCHED_IDLE" : existsSync(NICE) ? "nice 19" : "normal CPU priority";
}
