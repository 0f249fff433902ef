import { cron } from "inngest";
import { systemAuthz } from "@/lib/auth/authz";
import { selectDueOutboxIds } from "@/lib/models/grade-outbox";
import { agsClient } from "@/lib/passback/ags-client";
import { deliverOutboxRow } from "@/lib/passback/deliver";
import { MAX_ATTEMPTS } from "@/lib/passback/retry-policy";
import { CONCURRENCY_PER_PLATFORM } from "@/lib/passback/runner";
import { inngest } from "./client";
import { gradeChanged } from "./events";

/**
 * Delivers one outbox row: one step per attempt (each attempt is at most the LMS calls of one delivery), durable
 * sleeps between retries as the retry policy decides (Retry-After honoured). Concurrency is limited per LMS
 * platform. Idempotent by outbox row: the row is claimed inside the step, so duplicates of the event do nothing.
 */
export const deliverGrade = inngest.createFunction(
  {
    id: "deliver-grade",
    retries: 3,
    concurrency: [{ key: "event.data.platformId", limit: CONCURRENCY_PER_PLATFORM }],
    triggers: [gradeChanged],
  },
  async ({ event, step }) => {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const result = await step.run(`deliver-${attempt}`, () => deliverOutboxRow(event.data.outboxId, agsClient()));
      if (result.kind !== "retry") return result;
      await step.sleep(`wait-${attempt}`, result.delayMs);
    }
    return { kind: "left-for-sweep" as const };
  },
);

/** Every minute: re-sends events for due rows (e.g. after a lost event or a crashed run), so no grade is stranded. */
export const sweepGradeOutbox = inngest.createFunction(
  { id: "sweep-grade-outbox", triggers: [cron("* * * * *")] },
  async ({ step }) => {
    const due = await step.run("find-due-rows", () => selectDueOutboxIds(systemAuthz(), { now: new Date(), limit: 500 }));
    if (due.length > 0) {
      await step.sendEvent(
        "deliver-due-rows",
        due.map((row) => gradeChanged.create({ outboxId: row.id, platformId: row.platformId })),
      );
    }
    return { resent: due.length };
  },
);
