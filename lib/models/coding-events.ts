import { asc, eq } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseAuthz } from "@/lib/auth/authz";
import { notFound } from "@/lib/errors";
import type { StarterFile } from "@/lib/grading/types";
import { codeStateHash, ensureCodeStates } from "./code-states";
import { assertMayWrite, type Submission } from "./submissions";

const { codingEvents, codeStates } = schema;

/** One ProgSnap2 event as the browser sends it (already validated by lib/events/schema). */
export type IncomingEvent = {
  id: string;
  sessionId: string;
  type: string;
  clientTimestamp: Date;
  timezone: string;
  files?: StarterFile[];
  data?: Record<string, unknown>;
};

/**
 * Stores a batch of the caller's events for their own submission. Idempotent: an event whose client id was
 * stored before is skipped, so a retried batch never duplicates. Code states are stored once and referenced.
 */
export async function insertCodingEvents({
  authz,
  submission,
  events,
}: {
  authz: CourseAuthz;
  submission: Submission;
  events: IncomingEvent[];
}): Promise<{ stored: number; duplicates: number }> {
  assertMayWrite(authz);
  if (submission.userId !== authz.session.user.id || submission.courseId !== authz.course.id) throw notFound("No such submission.");
  if (events.length === 0) return { stored: 0, duplicates: 0 };
  return db().transaction(async (tx) => {
    const states = await ensureCodeStates(
      tx,
      events.flatMap((e) => (e.files ? [e.files] : [])),
    );
    const rows = await tx
      .insert(codingEvents)
      .values(
        events.map((e) => ({
          submissionId: submission.id,
          userId: submission.userId,
          clientEventId: e.id,
          clientSessionId: e.sessionId,
          eventType: e.type,
          clientTimestamp: e.clientTimestamp,
          clientTimezone: e.timezone,
          codeStateId: e.files ? states.get(codeStateHash(e.files))! : null,
          data: e.data ?? null,
        })),
      )
      .onConflictDoNothing({ target: [codingEvents.submissionId, codingEvents.clientEventId] })
      .returning({ id: codingEvents.id });
    return { stored: rows.length, duplicates: events.length - rows.length };
  });
}

/** A submission's events in client-time order with their code-state hashes (research exports and tests). */
export async function selectCodingEvents({ submission }: { submission: Submission }) {
  return db()
    .select({
      clientEventId: codingEvents.clientEventId,
      eventType: codingEvents.eventType,
      clientTimestamp: codingEvents.clientTimestamp,
      clientTimezone: codingEvents.clientTimezone,
      codeStateHash: codeStates.hash,
      data: codingEvents.data,
    })
    .from(codingEvents)
    .leftJoin(codeStates, eq(codeStates.id, codingEvents.codeStateId))
    .where(eq(codingEvents.submissionId, submission.id))
    .orderBy(asc(codingEvents.clientTimestamp), asc(codingEvents.createdAt));
}
