import { inngest } from "@/inngest/client";
import { gradeChanged } from "@/inngest/events";
import { backgroundMode } from "@/lib/background";
import { log } from "@/lib/log";
import { wakePassbackRunner } from "./runner";

/**
 * Starts delivery of outbox rows that were just committed. With Inngest, one event per row (if sending fails the
 * every-minute sweep sends it later, so the grade is never lost); without, the in-process runner is woken.
 */
export async function notifyGradeChanges(rows: { id: string; platformId: string | null }[]): Promise<void> {
  const mode = backgroundMode();
  if (rows.length === 0 || mode === "manual") return;
  if (mode === "in-process") {
    wakePassbackRunner();
    return;
  }
  try {
    await inngest.send(rows.map((row) => gradeChanged.create({ outboxId: row.id, platformId: row.platformId })));
  } catch (error) {
    log.warn("could not send grade events to Inngest; the outbox sweep will deliver them", { error, count: rows.length });
  }
}
