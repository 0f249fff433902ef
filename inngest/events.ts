import { eventType } from "inngest";
import { z } from "zod";

/** A grade change was written to the outbox; deliver it to the LMS. */
export const gradeChanged = eventType("lantern/grade.changed", {
  schema: z.object({ outboxId: z.uuid(), platformId: z.string().nullable() }),
});
