import { z } from "zod";
import { filesSchema } from "@/lib/grading/spec";

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
  sessionId: z.string().min(1).max(64),
  type: z.enum(EVENT_TYPES),
  clientTimestamp: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  timezone: z.string().min(1).max(64),
  files: filesSchema.optional(),
  data: z
    .record(z.string().max(40), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]))
    .refine((d) => Object.keys(d).length <= 20, "too many data fields")
    .optional(),
});

export const eventBatchSchema = z.object({ events: z.array(clientEventSchema) });
