import { sql, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { arrayRows } from "@/db/array-rows";
import type { SystemAuthz } from "@/lib/auth/authz";
import type { CourseRole } from "@/lib/auth/roles";
import type { StarterFile } from "@/lib/grading/types";
import type { TestResult } from "./grades";

// Reads for exports. Jobs run in the background with systemAuthz() and the course of their own (trusted) job row;
// every query is scoped by that course. Large reads are paged by keyset (never OFFSET), so memory stays flat and no
// long transaction blocks other requests (PGlite runs one query at a time per process).

/** Which students (and staff) an export covers. */
export type ExportScope = {
  courseId: string;
  assignmentIds: string[] | null;
  from: Date | null;
  to: Date | null;
  roles: CourseRole[];
  includeTestStudents: boolean;
  /** Research exports: only people whose research consent allows it now. */
  consentingOnly: boolean;
};

/** LMS identifiers of a student as Canvas's gradebook import matches them (from launches; null when unknown). */
export type CanvasIdentity = { userId: string | null; sisUserId: string | null; loginId: string | null; section: string | null };
export type ExportSubject = {
  userId: string;
  name: string | null;
  email: string | null;
  role: CourseRole;
  isTestUser: boolean;
  lmsUserId: string | null;
  canvas?: CanvasIdentity | null;
};
export type ExportAssignment = { id: string; title: string; points: number; mainFile: string; position: number; lmsAssignmentId: string | null };

type Ctx = { system: SystemAuthz; scope: ExportScope };

function rows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** The course's live assignments in the export's scope, in course order. */
export async function selectExportAssignments({ scope }: Ctx): Promise<ExportAssignment[]> {
  const filter = scope.assignmentIds ? sql`and a.id = any(${sql.param(scope.assignmentIds)}::uuid[])` : sql``;
  const result = await db().execute(sql`
    select a.id, a.title, a.points::float8 as points, coalesce(a.starter_files->0->>'name', 'main.py') as main_file, a.position,
      (select rl.custom->>'canvas_assignment_id' from lti_resource_links rl
        where rl.assignment_id = a.id and rl.custom->>'canvas_assignment_id' ~ '^[0-9]+$' order by rl.updated_at desc limit 1) as lms_assignment_id
    from assignments a where a.course_id = ${scope.courseId} and a.deleted_at is null ${filter}
    order by a.position, a.created_at`);
  return rows<{ id: string; title: string; points: number; main_file: string; position: number; lms_assignment_id: string | null }>(result).map((r) => ({
    id: r.id,
    title: r.title,
    points: Number(r.points),
    mainFile: r.main_file,
    position: r.position,
    lmsAssignmentId: r.lms_assignment_id,
  }));
}

function consentCondition(scope: ExportScope): SQL {
  if (!scope.consentingOnly) return sql``;
  // Without a settings row the course is opt-in (lib/research/consent.ts).
  return sql`and (case coalesce((select crs.consent_model from course_research_settings crs where crs.course_id = e.course_id), 'opt_in')
      when 'opt_out' then coalesce(rc.choice, 'granted') <> 'declined'
      else rc.choice = 'granted' end)`;
}

/** Everyone the export covers (active enrollments with the chosen roles, consent applied), by name. */
export async function selectExportSubjects({ scope }: Ctx): Promise<ExportSubject[]> {
  const result = await db().execute(sql`
    select u.id as user_id, u.name, u.email, e.role, u.is_test_user,
      (select lu.sub from lti_users lu where lu.user_id = u.id order by lu.created_at limit 1) as lms_user_id
    from enrollments e
    join users u on u.id = e.user_id
    left join research_consents rc on rc.course_id = e.course_id and rc.user_id = u.id
    where e.course_id = ${scope.courseId} and e.status = 'active'
      and e.role::text = any(${sql.param(scope.roles)}::text[])
      ${scope.includeTestStudents ? sql`` : sql`and not u.is_test_user`}
      ${consentCondition(scope)}
    order by u.name nulls last, u.id`);
  return rows<{ user_id: string; name: string | null; email: string | null; role: CourseRole; is_test_user: boolean; lms_user_id: string | null }>(result).map(
    (r) => ({ userId: r.user_id, name: r.name, email: r.email, role: r.role, isTestUser: r.is_test_user, lmsUserId: r.lms_user_id }),
  );
}

export type ExportSubmission = { id: string; userId: string; assignmentId: string };

/** The submissions of some subjects within the scope's assignments, grouped by subject and assignment. */
export async function selectExportSubmissions({ scope, userIds }: Ctx & { userIds: string[] }): Promise<ExportSubmission[]> {
  if (userIds.length === 0) return [];
  const filter = scope.assignmentIds ? sql`and s.assignment_id = any(${sql.param(scope.assignmentIds)}::uuid[])` : sql``;
  const result = await db().execute(sql`
    select s.id, s.user_id, s.assignment_id from submissions s
    join assignments a on a.id = s.assignment_id and a.deleted_at is null
    where s.course_id = ${scope.courseId} and s.user_id = any(${sql.param(userIds)}::uuid[]) ${filter}
    order by s.user_id, s.assignment_id, s.id`);
  return rows<{ id: string; user_id: string; assignment_id: string }>(result).map((r) => ({ id: r.id, userId: r.user_id, assignmentId: r.assignment_id }));
}

export type EventRow = {
  id: string;
  submissionId: string;
  /** Null unless asked for (`clientEventIds`). */
  clientEventId: string | null;
  sessionId: string;
  eventType: string;
  clientTimestamp: Date;
  clientTimezone: string;
  serverTimestamp: Date;
  codeStateId: string | null;
  data: Record<string, unknown> | null;
  /** With `dataAsText`: the data as Postgres writes the JSON (and `data` is null). */
  dataText: string | null;
  files: StarterFile[] | null;
};

/** An event row as the driver gives it, in the column order of pageExportEvents' select. */
type RawEvent = [
  id: string,
  /** This and the others so marked: null where the same as the row before's (sameAsBefore). */
  submissionId: string | null,
  clientEventId: string | null,
  sessionId: string | null,
  eventType: string,
  /** epochMicros: int8, which drivers give as text, number or bigint. */
  clientTimestamp: string | number | bigint,
  clientTimezone: string | null,
  serverTimestamp: string | number | bigint,
  codeStateId: string | null,
  data: Record<string, unknown> | string | null,
  dataText: string | null,
  /** The files of a code state with other than one file; one file comes as its name and content. */
  files: StarterFile[] | string | null,
  fileName: string | null,
  fileContent: string | null,
];

/** RawEvent's id column. */
const ID = 0;

/**
 * A page's rows as the driver gave them as EventRows: timestamps and JSON parsed where the driver left them as text,
 * and the columns left out where they repeat (`sameAsBefore`) taken from the row before.
 */
function eventRowsOf(page: RawEvent[]): EventRow[] {
  const out = new Array<EventRow>(page.length);
  let submissionId = "";
  let sessionId = "";
  let timezone = "";
  for (let i = 0; i < page.length; i++) {
    const r = page[i];
    if (r[1] !== null) submissionId = r[1];
    if (r[3] !== null) sessionId = r[3];
    if (r[6] !== null) timezone = r[6];
    out[i] = {
      id: r[0],
      submissionId,
      clientEventId: r[2],
      sessionId,
      eventType: r[4],
      clientTimestamp: dateOfMicros(r[5]),
      clientTimezone: timezone,
      serverTimestamp: dateOfMicros(r[7]),
      codeStateId: r[8],
      data: typeof r[9] === "string" ? (JSON.parse(r[9]) as Record<string, unknown>) : r[9],
      dataText: r[10],
      files: r[12] !== null ? [{ name: r[12], content: r[13]! }] : typeof r[11] === "string" ? (JSON.parse(r[11]) as StarterFile[]) : r[11],
    };
  }
  return out;
}

/**
 * A column (never null) as null where it equals the row before's on the page (window `w`): a submission's events
 * share their submission, mostly their session and always their zone, and each repeat was a string to read and keep
 * for every one of a million events (issue 15's bench). The first row of a page always has them.
 */
const sameAsBefore = (column: SQL) => sql`case when ${column} is distinct from lag(${column}) over w then ${column} end`;

/**
 * The ids a keyset page over `submission_id = any(ids)` still has to read once it is past `lastId`: that one and
 * those after it. Postgres cannot start an `= any(…)` index scan at a row comparison, so without this every page
 * re-read the index entries of every submission already exported and was filtered out row by row — quadratic: a
 * page of a million-event export took 2.4 s, and the export 4–7 minutes (issue 15's bench). uuids compare as
 * their bytes in Postgres; their lower-case canonical text compares the same way.
 */
export function idsFrom(ids: string[], lastId: string): string[] {
  return ids.filter((id) => id >= lastId);
}

/**
 * A timestamp as whole microseconds since 1970 (int8). Cheaper than timestamptz's text on both sides: Postgres
 * skips the time-zone rules, and the client reads an integer instead of parsing a date. `date_part` gives float8
 * seconds exact to well under a microsecond for this era, so rounding to whole microseconds is exact.
 */
const epochMicros = (column: SQL) => sql`round(date_part('epoch', ${column}) * 1000000)::int8`;
/** The Date (whole milliseconds, as Postgres's text parsed would give) of epochMicros' value. */
const dateOfMicros = (v: Date | string | number | bigint): Date => (v instanceof Date ? v : new Date(Math.floor(Number(v) / 1000)));
const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));
const asJson = <T>(v: T | string | null | undefined): T | null => (typeof v === "string" ? (JSON.parse(v) as T) : (v ?? null));

/**
 * A code state's files only where it differs from the previous event's in this page (most events keep the code of
 * the one before): parsing every event's copy of the code was a third of a ProgSnap2 build's garbage. A state of one
 * file (the usual) comes as its name and content, not as JSON to parse: the JSON text, its parse and the copy of the
 * content were 0.35 GB of a million-event build's allocation (issue 15's bench). An event without its files whose
 * state the builder has not seen asks for them (`selectCodeStateFiles`).
 */
/** The files of one code state (the rare event whose files `pageExportEvents` left out but the builder needs). */
export async function selectCodeStateFiles({ codeStateId }: { system: SystemAuthz; codeStateId: string }): Promise<StarterFile[] | null> {
  const result = await db().execute(sql`select files from code_states where id = ${codeStateId}`);
  const [row] = rows<{ files: StarterFile[] | string | null }>(result);
  return row ? asJson(row.files) : null;
}

/**
 * The coding events of some submissions in the scope's date range, one page at a time. `merged`: the submissions
 * are one student's work on one assignment (several LMS placements), so their events come interleaved by time;
 * otherwise each submission's events come together, by time. With `withFiles` an event carries its code state's
 * files where the state differs from the event before it on the page (the first of a page always does).
 */
export async function* pageExportEvents({
  scope,
  submissionIds,
  merged,
  withFiles,
  dataAsText = false,
  clientEventIds = true,
  // 500 rows: a page lives until the next one (asked for ahead) has come in, and rows that outlive two
  // young-generation collections are promoted and collected again by the old generation. At 2,000 rows a
  // million-event ProgSnap2 build promoted 1.2 GB and spent 2.9 s in GC; at 500, 0.25 GB and 1.5 s (issue 15's bench).
  pageSize = 500,
}: Ctx & {
  submissionIds: string[];
  merged: boolean;
  withFiles: boolean;
  dataAsText?: boolean;
  /** Whether rows carry the browser's event id (`clientEventId`; null otherwise: a string a row fewer). */
  clientEventIds?: boolean;
  pageSize?: number;
}): AsyncGenerator<EventRow[]> {
  if (submissionIds.length === 0) return;
  const range = sql`${scope.from ? sql`and e.client_timestamp >= ${scope.from.toISOString()}::timestamptz` : sql``}
    ${scope.to ? sql`and e.client_timestamp < ${scope.to.toISOString()}::timestamptz` : sql``}`;
  /**
   * The page's rows (CTE `page`: `sid`, the submission, then coding_events' columns) as the driver gives them, with
   * their files, in order. Partitioned and ordered by `sid`, the column the page is sorted by, so Postgres sorts
   * nothing again: by `submission_id` (equal, but not to the planner) it sorted each page's wide rows, files and all,
   * twice the time of the rest of the query (issue 15's bench).
   */
  const select = (page: SQL) =>
    arrayRows(
      db(),
      sql`
      with page as (${page}), marked as (
        select p.*, ${withFiles ? sql`p.code_state_id is distinct from lag(p.code_state_id) over (${merged ? sql`` : sql`partition by p.sid`} order by p.client_timestamp, p.id)` : sql`false`} as changed
        from page p
      ), rows as (
        select p.*, cs.files as f from marked p
        left join lateral (select c.files from code_states c where p.changed and c.id = p.code_state_id) cs on true
      )
      select p.id, ${sameAsBefore(sql`p.submission_id`)}, ${clientEventIds ? sql`p.client_event_id` : sql`null`}, ${sameAsBefore(sql`p.client_session_id`)},
        p.event_type, ${epochMicros(sql`p.client_timestamp`)}, ${sameAsBefore(sql`p.client_timezone`)},
        ${epochMicros(sql`p.created_at`)}, p.code_state_id,
        ${dataAsText ? sql`null, p.data::text` : sql`p.data, null`},
        case when jsonb_array_length(p.f) <> 1 then p.f end, p.f->0->>'name', p.f->0->>'content'
      from rows p
      window w as (${merged ? sql`` : sql`partition by p.sid`} order by p.client_timestamp, p.id)
      order by ${merged ? sql`p.client_timestamp, p.id` : sql`p.sid, p.client_timestamp, p.id`}`,
      { named: true },
    ) as Promise<RawEvent[]>;
  /** Events after `last` (an event of the same submissions, or of `last`'s submission alone), by time. */
  const after = (ids: string[], last: RawEvent | null) => {
    // The last row's own timestamp, read back by id: JS dates keep milliseconds, Postgres microseconds. The plain
    // bound lets the index on (submission_id, client_timestamp) start there.
    const lastTime = last ? sql`(select l.client_timestamp from coding_events l where l.id = ${last[ID]}::uuid)` : null;
    const keyset = last ? sql`and e.client_timestamp >= ${lastTime} and (e.client_timestamp, e.id) > (${lastTime}, ${last[ID]}::uuid)` : sql``;
    return select(sql`select e.submission_id as sid, e.* from coding_events e where e.submission_id = any(${sql.param(ids)}::uuid[]) ${range} ${keyset}
      order by e.client_timestamp, e.id limit ${pageSize}`);
  };
  /** Every event of some whole submissions, by submission (one index range each, in order) and time. */
  const whole = (ids: string[]) =>
    select(sql`select s.sid, e.* from (select unnest(${sql.param(ids)}::uuid[]) as sid order by 1) s
      cross join lateral (select * from coding_events e where e.submission_id = s.sid ${range} order by e.client_timestamp, e.id offset 0) e
      order by s.sid, e.client_timestamp, e.id`);
  /** Pages by keyset from the start of `ids` (merged, or one submission too big for a page), one asked for ahead. */
  async function* keysetPages(ids: string[]): AsyncGenerator<EventRow[]> {
    let pending = after(ids, null);
    for (;;) {
      const page = await pending;
      const more = page.length === pageSize;
      if (more) {
        pending = after(ids, page[page.length - 1]);
        pending.catch(() => undefined);
      }
      if (page.length) yield eventRowsOf(page);
      if (!more) return;
    }
  }
  if (merged) {
    yield* keysetPages(submissionIds);
    return;
  }

  // Whole submissions a page, planned from their event counts: no page ends inside a submission to be read again (a
  // tenth of the rows were, at 500 a page; issue 15's bench), and pages need nothing from the page before, so the
  // next is asked for before this one is handed on. A submission with more events than a page is paged by keyset on
  // its own. Events recorded after the count are read with their submission's page all the same.
  const counted = await db().execute(sql`select e.submission_id as sid, count(*)::int as n from coding_events e
    where e.submission_id = any(${sql.param(submissionIds)}::uuid[]) ${range} group by 1`);
  const counts = new Map(rows<{ sid: string; n: number }>(counted).map((r) => [r.sid, Number(r.n)]));
  // uuids order as their bytes in Postgres, and so does their lower-case canonical text here (idsFrom).
  const steps: ({ ids: string[] } | { big: string })[] = [];
  let run: string[] = [];
  let inRun = 0;
  for (const id of [...submissionIds].sort()) {
    const n = counts.get(id) ?? 0;
    if (n === 0) continue;
    if (run.length && (inRun + n > pageSize || n > pageSize)) {
      steps.push({ ids: run });
      run = [];
      inRun = 0;
    }
    if (n > pageSize) steps.push({ big: id });
    else {
      run.push(id);
      inRun += n;
    }
  }
  if (run.length) steps.push({ ids: run });

  const ahead: Promise<RawEvent[]>[] = [];
  let next = 0;
  const askAhead = () => {
    for (let step = steps[next]; ahead.length < PAGES_AHEAD && step && "ids" in step; step = steps[++next]) {
      const page = whole(step.ids);
      // A caller that stops early leaves these unanswered: keep their failure from being an unhandled rejection.
      page.catch(() => undefined);
      ahead.push(page);
    }
  };
  askAhead();
  while (ahead.length || next < steps.length) {
    const page = ahead.shift();
    if (page) {
      const got = await page;
      askAhead();
      if (got.length) yield eventRowsOf(got);
      continue;
    }
    const step = steps[next++] as { big: string };
    yield* keysetPages([step.big]);
    askAhead();
  }
}

/**
 * Pages asked for before the builder needs them (pageExportEvents). One: Postgres reads the next page while the
 * builder writes this one. Two kept two backends busy at normal priority beside the export worker's idle one, and
 * can take both cores from the web process (one bench run with two: bare-route p95 2.2× idle, against 1.1–1.5× with
 * one; issue 15's bench).
 */
const PAGES_AHEAD = 1;

export type SubmitRow = {
  submissionId: string;
  versionId: string;
  version: number;
  attempt: number;
  createdAt: Date;
  clientSavedAt: Date | null;
  codeStateId: string;
  codeStateHash: string;
  files: StarterFile[] | null;
  runId: string | null;
  results: TestResult[] | null;
  rawScore: number | null;
  maxScore: number | null;
};

/** Each submitted version of some submissions (in the date range) with its grading run, in order. */
export async function selectExportSubmits({ scope, submissionIds, withFiles }: Ctx & { submissionIds: string[]; withFiles: boolean }): Promise<SubmitRow[]> {
  if (submissionIds.length === 0) return [];
  const result = await db().execute(sql`
    select v.submission_id, v.id as version_id, v.version, v.created_at, v.client_saved_at, v.code_state_id, cs.hash as code_state_hash,
      ${withFiles ? sql`cs.files` : sql`null`} as files, r.id as run_id, r.results, r.raw_score::float8 as raw_score, r.max_score::float8 as max_score,
      row_number() over (partition by v.submission_id order by v.version) as attempt
    from submission_versions v
    join code_states cs on cs.id = v.code_state_id
    left join grading_jobs j on j.version_id = v.id
    left join grading_runs r on r.job_id = j.id
    where v.submission_id = any(${sql.param(submissionIds)}::uuid[]) and v.kind = 'submit'
      ${scope.from ? sql`and coalesce(v.client_saved_at, v.created_at) >= ${scope.from.toISOString()}::timestamptz` : sql``}
      ${scope.to ? sql`and coalesce(v.client_saved_at, v.created_at) < ${scope.to.toISOString()}::timestamptz` : sql``}
    order by v.submission_id, v.version`);
  type Raw = {
    submission_id: string; version_id: string; version: number; created_at: Date | string; client_saved_at: Date | string | null;
    code_state_id: string; code_state_hash: string; files: StarterFile[] | string | null; run_id: string | null;
    results: TestResult[] | string | null; raw_score: number | null; max_score: number | null; attempt: number | string;
  };
  return rows<Raw>(result).map((r) => ({
    submissionId: r.submission_id,
    versionId: r.version_id,
    version: r.version,
    attempt: Number(r.attempt),
    createdAt: asDate(r.created_at),
    clientSavedAt: r.client_saved_at ? asDate(r.client_saved_at) : null,
    codeStateId: r.code_state_id,
    codeStateHash: r.code_state_hash,
    files: asJson(r.files),
    runId: r.run_id,
    results: asJson(r.results),
    rawScore: r.raw_score === null ? null : Number(r.raw_score),
    maxScore: r.max_score === null ? null : Number(r.max_score),
  }));
}

export type OverrideRow = { submissionId: string; id: string; newScore: number | null; createdAt: Date };

/** Staff grade overrides (grade-history rows with a human actor) of some submissions, in the date range. */
export async function selectExportOverrides({ scope, submissionIds }: Ctx & { submissionIds: string[] }): Promise<OverrideRow[]> {
  if (submissionIds.length === 0) return [];
  const result = await db().execute(sql`
    select h.submission_id, h.id, h.new_score::float8 as new_score, h.created_at from grade_history h
    where h.submission_id = any(${sql.param(submissionIds)}::uuid[]) and h.actor_user_id is not null
      ${scope.from ? sql`and h.created_at >= ${scope.from.toISOString()}::timestamptz` : sql``}
      ${scope.to ? sql`and h.created_at < ${scope.to.toISOString()}::timestamptz` : sql``}
    order by h.submission_id, h.created_at`);
  return rows<{ submission_id: string; id: string; new_score: number | null; created_at: Date | string }>(result).map((r) => ({
    submissionId: r.submission_id,
    id: r.id,
    newScore: r.new_score === null ? null : Number(r.new_score),
    createdAt: asDate(r.created_at),
  }));
}

export type GradeRow = {
  userId: string;
  assignmentId: string;
  submissionId: string;
  status: string;
  score: number | null;
  rawScore: number | null;
  overridden: boolean;
  late: boolean;
  latePenaltyPercent: number | null;
  attempts: number;
  submittedAt: Date | null;
  gradedAt: Date | null;
  currentVersion: number;
  currentCodeStateId: string | null;
  syncStatus: string | null;
  syncReason: string | null;
  syncedAt: Date | null;
};

/**
 * For some subjects, their submission per assignment in scope (the graded one, else the latest; one row per student
 * and assignment), with whether staff overrode the grade and the latest grade-sync state.
 */
export async function selectExportGrades({ scope, userIds }: Ctx & { userIds: string[] }): Promise<GradeRow[]> {
  if (userIds.length === 0) return [];
  const result = await db().execute(sql`
    select distinct on (s.user_id, s.assignment_id) s.user_id, s.assignment_id, s.id, s.status, s.score::float8 as score,
      s.raw_score::float8 as raw_score, s.late, s.late_penalty_percent::float8 as late_penalty_percent, s.attempts,
      s.submitted_at, s.graded_at, s.current_version, s.current_code_state_id,
      coalesce((select h.actor_user_id is not null from grade_history h where h.submission_id = s.id order by h.created_at desc limit 1), false) as overridden,
      o.status as sync_status, o.status_reason as sync_reason, o.delivered_at as synced_at
    from submissions s
    join assignments a on a.id = s.assignment_id and a.deleted_at is null
    left join lateral (
      select g.status, g.status_reason, g.delivered_at from grade_outbox g
      where g.submission_id = s.id and g.status <> 'superseded' order by g.created_at desc limit 1
    ) o on true
    where s.course_id = ${scope.courseId} and s.user_id = any(${sql.param(userIds)}::uuid[])
      ${scope.assignmentIds ? sql`and s.assignment_id = any(${sql.param(scope.assignmentIds)}::uuid[])` : sql``}
      ${scope.from ? sql`and s.submitted_at >= ${scope.from.toISOString()}::timestamptz` : sql``}
      ${scope.to ? sql`and s.submitted_at < ${scope.to.toISOString()}::timestamptz` : sql``}
    order by s.user_id, s.assignment_id, (s.score is null), s.updated_at desc`);
  type Raw = {
    user_id: string; assignment_id: string; id: string; status: string; score: number | null; raw_score: number | null; late: boolean;
    late_penalty_percent: number | null; attempts: number; submitted_at: Date | string | null; graded_at: Date | string | null;
    current_version: number; current_code_state_id: string | null; overridden: boolean; sync_status: string | null;
    sync_reason: string | null; synced_at: Date | string | null;
  };
  const opt = (v: Date | string | null) => (v ? asDate(v) : null);
  const num = (v: number | null) => (v === null ? null : Number(v));
  return rows<Raw>(result).map((r) => ({
    userId: r.user_id,
    assignmentId: r.assignment_id,
    submissionId: r.id,
    status: r.status,
    score: num(r.score),
    rawScore: num(r.raw_score),
    overridden: Boolean(r.overridden),
    late: Boolean(r.late),
    latePenaltyPercent: num(r.late_penalty_percent),
    attempts: r.attempts,
    submittedAt: opt(r.submitted_at),
    gradedAt: opt(r.graded_at),
    currentVersion: r.current_version,
    currentCodeStateId: r.current_code_state_id,
    syncStatus: r.sync_status,
    syncReason: r.sync_reason,
    syncedAt: opt(r.synced_at),
  }));
}

export type VersionFiles = { submissionId: string; version: number; kind: string; createdAt: Date; files: StarterFile[] };

/** Saved versions of some submissions with their files: every version, or only each submission's current one. */
export async function* pageExportVersions({ submissionIds, every, pageSize = 500 }: Ctx & { submissionIds: string[]; every: boolean; pageSize?: number }): AsyncGenerator<VersionFiles[]> {
  if (submissionIds.length === 0) return;
  let after: { submissionId: string; version: number } | null = null;
  for (;;) {
    const ids: string[] = after ? idsFrom(submissionIds, after.submissionId) : submissionIds;
    const result: unknown = await db().execute(sql`
      select v.submission_id, v.version, v.kind, v.created_at, cs.files
      from submission_versions v join code_states cs on cs.id = v.code_state_id
      ${every ? sql`` : sql`join submissions s on s.id = v.submission_id and s.current_version = v.version`}
      where v.submission_id = any(${sql.param(ids)}::uuid[])
        ${after ? sql`and (v.submission_id, v.version) > (${after.submissionId}::uuid, ${after.version})` : sql``}
      order by v.submission_id, v.version limit ${pageSize}`);
    const page: { submission_id: string; version: number; kind: string; created_at: Date | string; files: StarterFile[] | string }[] = rows<{ submission_id: string; version: number; kind: string; created_at: Date | string; files: StarterFile[] | string }>(result);
    if (page.length === 0) return;
    yield page.map((r) => ({ submissionId: r.submission_id, version: r.version, kind: r.kind, createdAt: asDate(r.created_at), files: asJson(r.files) ?? [] }));
    if (page.length < pageSize) return;
    const last = page[page.length - 1];
    after = { submissionId: last.submission_id, version: last.version };
  }
}
