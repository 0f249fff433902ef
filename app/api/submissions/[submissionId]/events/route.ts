import { handler } from "@/lib/auth/handler";
import { payloadTooLarge } from "@/lib/errors";
import { eventBatchSchema, MAX_EVENT_BATCH_BYTES, MAX_EVENTS_PER_BATCH } from "@/lib/events/schema";
import { insertCodingEvents } from "@/lib/models/coding-events";
import { requireOwnWork } from "@/lib/submissions/work";
import { submissionParams } from "../../schema";

export const dynamic = "force-dynamic";

/** Stores a batch of ProgSnap2 events for the caller's own submission; retried batches are not duplicated. */
export const POST = handler(
  { access: { user: true }, params: submissionParams, body: eventBatchSchema, maxBodyBytes: MAX_EVENT_BATCH_BYTES },
  async ({ params, body, session }) => {
    if (body.events.length > MAX_EVENTS_PER_BATCH) {
      throw payloadTooLarge(`A batch may hold at most ${MAX_EVENTS_PER_BATCH} events.`);
    }
    const { authz, submission } = await requireOwnWork({ session, unsafeSubmissionId: params.submissionId });
    return insertCodingEvents({ authz, submission, events: body.events });
  },
);
