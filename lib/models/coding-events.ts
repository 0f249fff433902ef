import { asc, eq, sql } from "drizzle-orm";
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
  // Code states first (deduplicated), then one INSERT … SELECT FROM unnest(…) for the whole batch: a handful of
  // array parameters instead of ~2,000 scalar ones keeps big batches cheap. A failure between the two statements
  // leaves only unreferenced code states behind, which are harmless (and reused by the retry).
  const database = db();
  const states = await ensureCodeStates(
    database,
    events.flatMap((e) => (e.files ? [e.files] : [])),
  );
  const column = <T>(pick: (e: IncomingEvent) => T) => sql.param(events.map(pick));
  const result = await database.execute<{ id: string }>(sql`
    insert into ${codingEvents} (submission_id, user_id, client_event_id, client_session_id, event_type, client_timestamp, client_timezone, code_state_id, data)
    select ${submission.id}::uuid, ${submission.userId}::uuid, e.id, e.session_id, e.type, e.ts, e.tz, e.code_state_id, e.data
    from unnest(
      ${column((e) => e.id)}::uuid[],
      ${column((e) => e.sessionId)}::text[],
      ${column((e) => e.type)}::text[],
      ${column((e) => e.clientTimestamp.toISOString())}::timestamptz[],
      ${column((e) => e.timezone)}::text[],
      ${column((e) => (e.files ? states.get(codeStateHash(e.files))! : null))}::uuid[],
      ${column((e) => (e.data ? JSON.stringify(e.data) : null))}::jsonb[]
    ) as e(id, session_id, type, ts, tz, code_state_id, data)
    on conflict (submission_id, client_event_id) do nothing
    returning id`);
  const stored = Array.isArray(result) ? result.length : (result as unknown as { rows: unknown[] }).rows.length;
  return { stored, duplicates: events.length - stored };
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
