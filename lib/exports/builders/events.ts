import type { EventRow } from "@/lib/models/export-events";
import type { BuildContext, BuildResult } from "../build-context";
import { exportFilename } from "../build-context";
import { CsvWriter, type Cell } from "../csv";
import { createScrubber, pseudonym, uuidPseudonyms } from "../deidentify";
import { exportItemPages, type Group } from "../source";
import { isoWithOffset } from "../timestamps";

const STAFF_COLUMNS = [
  "event_id", "student_id", "student_name", "student_email", "lms_user_id", "assignment_id", "assignment_title",
  "submission_id", "session_id", "event_type", "client_timestamp", "client_timezone", "server_timestamp", "code_state_id", "data",
] as const;
const RESEARCH_COLUMNS = [
  "event_id", "subject_id", "assignment_id", "assignment_title", "session_id", "event_type", "client_timestamp",
  "client_timezone", "server_timestamp", "code_state_id", "data",
] as const;

/**
 * Every coding event in scope, one CSV row each (the editor's ProgSnap2 vocabulary, as recorded). Staff see who;
 * research rows carry pseudonyms and scrubbed messages instead.
 */
export async function buildEventsCsv(ctx: BuildContext): Promise<BuildResult> {
  const research = ctx.audience === "research";
  const key = ctx.key;
  const titles = new Map(ctx.assignments.map((a) => [a.id, a.title]));
  const csv = new CsvWriter<string>(research ? RESEARCH_COLUMNS : STAFF_COLUMNS, ctx.sink, {
    spreadsheetSafe: !research,
    bom: !research,
    // Lantern's own ids (uuids; research: pseudonyms in hex, a sequence) and timestamps (isoWithOffset).
    plain: research
      ? ["event_id", "subject_id", "assignment_id", "session_id", "client_timestamp", "server_timestamp", "code_state_id"]
      : ["event_id", "student_id", "assignment_id", "submission_id", "client_timestamp", "server_timestamp", "code_state_id"],
  });
  await csv.header();
  let scrub = (t: string) => t;
  let currentUser = "";
  let subjectId = "";
  let seq = 0;
  const assignmentIds = new Map(ctx.assignments.map((a) => [a.id, key ? pseudonym(key, "assignment", a.id) : a.id]));
  // A session's pseudonym repeats across its events: computed once (bounded cache).
  const sessionIds = new Map<string, string>();
  const sessionIdOf = (id: string) => {
    let p = sessionIds.get(id);
    if (!p) {
      if (sessionIds.size > 50_000) sessionIds.clear();
      sessionIds.set(id, (p = pseudonym(key!, "session", id)));
    }
    return p;
  };
  // Code states as the ProgSnap2 dataset names them (the same ids under one project key), a page's in one pass of
  // the cipher: an HMAC for each of 441,000 states was a quarter of the build (issue 15's bench).
  const codeStateIdsOf = key ? uuidPseudonyms(key, "codestate") : null;
  // Flat object literals, one shape per audience: a spread of shared fields followed by the rest made each row a
  // slow dictionary object (three times the CPU of the whole CSV writer on a million rows; issue 15's bench).
  const rowOf = (group: Group, e: EventRow, codeStateId: string): Partial<Record<string, Cell>> => {
    if (!research || !key) {
      return {
        event_id: e.clientEventId,
        student_id: group.subject.userId,
        student_name: group.subject.name ?? "",
        student_email: group.subject.email ?? "",
        lms_user_id: group.subject.lmsUserId ?? "",
        assignment_id: group.assignmentId,
        assignment_title: titles.get(group.assignmentId) ?? "",
        submission_id: e.submissionId,
        session_id: e.sessionId,
        event_type: e.eventType,
        client_timestamp: isoWithOffset(e.clientTimestamp, e.clientTimezone),
        client_timezone: e.clientTimezone,
        server_timestamp: isoWithOffset(e.serverTimestamp),
        code_state_id: e.codeStateId ?? "",
        data: e.dataText ?? "",
      };
    }
    if (group.subject.userId !== currentUser) {
      currentUser = group.subject.userId;
      scrub = createScrubber(group.subject);
      subjectId = pseudonym(key, "subject", currentUser);
    }
    return {
      // Sequential: unique within the file and says nothing about the stored event.
      event_id: ++seq,
      subject_id: subjectId,
      assignment_id: assignmentIds.get(group.assignmentId) ?? "",
      assignment_title: titles.get(group.assignmentId) ?? "",
      session_id: sessionIdOf(e.sessionId),
      event_type: e.eventType,
      client_timestamp: isoWithOffset(e.clientTimestamp, e.clientTimezone),
      client_timezone: e.clientTimezone,
      server_timestamp: isoWithOffset(e.serverTimestamp),
      code_state_id: codeStateId,
      data: e.dataText ? scrub(e.dataText) : "",
    };
  };
  for await (const page of exportItemPages({
    system: ctx.system,
    scope: ctx.scope,
    subjects: ctx.subjects,
    extras: false,
    withFiles: false,
    dataAsText: true,
    clientEventIds: !research,
    eventIdsOf: [], // rows are named by the browser's id (staff) or a sequence (research)
    onProgress: (done, total) => ctx.progress(Math.floor((done / Math.max(total, 1)) * 99), `Writing events: ${done} of ${total} students`),
  })) {
    const states: string[] = [];
    for (const { item } of page) if (item.kind === "event" && item.row.codeStateId) states.push(item.row.codeStateId);
    const stateIds = codeStateIdsOf && research ? codeStateIdsOf.all(states) : states;
    let next = 0;
    for (const { group, item } of page) {
      if (item.kind !== "event") continue;
      // Awaited only when a chunk went to the sink (backpressure), not once a row.
      const flushed = csv.row(rowOf(group, item.row, item.row.codeStateId ? stateIds[next++] : ""));
      if (flushed) await flushed;
    }
  }
  await csv.end();
  return { rows: csv.rows, filename: exportFilename(ctx.course, research ? "events (de-identified)" : "events", ctx.now, "csv"), contentType: "text/csv; charset=utf-8" };
}
