import { z } from "zod";
import { filesSchema } from "@/lib/grading/spec";
import { clientTimeSchema, storableString, unstorableReason } from "@/lib/storable";

/**
 * ProgSnap2 event types the editor records (https://cssplice.github.io/progsnap2/), plus Lantern's X- extensions.
 * File.Edit carries the code state; X-Paste carries the pasted size.
 */
export const EVENT_TYPES = [
  "Session.Start",
  "Session.End",
  "File.Edit",
  "Run.Program",
  "Compile.Error",
  "Run.Error",
  "Submit",
  "X-Check",
  "X-Paste",
  "X-Focus",
  "X-Blur",
  "X-Restore",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const MAX_EVENTS_PER_BATCH = 500;
export const MAX_EVENT_BATCH_BYTES = 2 * 1024 * 1024;

export const clientEventSchema = z.object({
  id: z.uuid(),
  sessionId: storableString("The session id", z.string().min(1).max(64)),
  type: z.enum(EVENT_TYPES),
  clientTimestamp: clientTimeSchema,
  timezone: storableString("The time zone", z.string().min(1).max(64)),
  files: filesSchema.optional(),
  data: z
    .record(
      z.string().max(40),
      z.union([storableString("A data field", z.string().max(2000)), z.number(), z.boolean(), z.null()]),
    )
    .refine((d) => Object.keys(d).length <= 20, "too many data fields")
    .refine((d) => Object.keys(d).every((key) => unstorableReason(key) === null), "A data field name contains a NUL or broken character")
    .optional(),
});

export const eventBatchSchema = z.object({ events: z.array(clientEventSchema) });
