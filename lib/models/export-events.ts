import { sql, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { arrayRowsStatement } from "@/db/array-rows";
import type { SystemAuthz } from "@/lib/auth/authz";
import type { StarterFile } from "@/lib/grading/types";
import { asJson, rows, type Ctx } from "./export-data";

// Coding events for exports, a page at a time (export-data.ts has the rest of the exports' reads).

export type EventRow = {
  /** Null where not asked for (`eventIdsOf`), but on pages that go on by keyset from their last row's id. */
  id: string | null;
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
  /** Null where not asked for (`eventIdsOf`); always there on keyset pages, which go on from their last row's. */
  id: string | null,
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
 * A timestamp as whole microseconds since 1970 (int8). Cheaper than timestamptz's text on both sides: Postgres
 * skips the time-zone rules, and the client reads an integer instead of parsing a date. `date_part` gives float8
 * seconds exact to well under a microsecond for this era, so rounding to whole microseconds is exact.
 */
const epochMicros = (column: SQL) => sql`round(date_part('epoch', ${column}) * 1000000)::int8`;
/**
 * The Date (whole milliseconds, as Postgres's text parsed would give) of epochMicros' value. The text of a positive
 * value is read as its milliseconds digit by digit (all but the last three): Number() of two million 16-digit
 * strings was a fifth of a second of a million-event build (issue 15's bench).
 */
function dateOfMicros(v: Date | string | number | bigint): Date {
  if (v instanceof Date) return v;
  if (typeof v !== "string" || v.length < 4 || v.length > 16 || v.charCodeAt(0) === 45) return new Date(Math.floor(Number(v) / 1000));
  let ms = 0;
  for (let i = 0, end = v.length - 3; i < end; i++) ms = ms * 10 + (v.charCodeAt(i) - 48);
  return new Date(ms);
}

/**
 * A code state's files only with its first event in a submission's part of the page (the builder keeps what it has
 * seen of a group's states): parsing every event's copy of the code was a third of a ProgSnap2 build's garbage, and
 * sending a state again wherever it differed from the event before (edit, focus, run: the run's state came twice)
 * was 540,000 copies of 441,000 states in the bench course. A state of one
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
 * files where it is the state's first event in its submission on the page (in the page, when merged).
 */
export async function* pageExportEvents({
  scope,
  submissionIds,
  merged,
  withFiles,
  dataAsText = false,
  clientEventIds = true,
  eventIdsOf = "all",
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
  /**
   * The event types whose rows carry Lantern's event id (`id`), or all. Exports name events by their own numbers;
   * a million ids to format, send and read were a string a row that a ProgSnap2 build needs for one type.
   */
  eventIdsOf?: readonly string[] | "all";
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
  const idColumn =
    eventIdsOf === "all" ? sql`p.id` : eventIdsOf.length ? sql`case when p.event_type = any(${sql.param([...eventIdsOf])}::text[]) then p.id end` : sql`null::uuid`;
  /** The statement for pages drawn by `page` (its ids and the last row's id as placeholders), built once. */
  const statement = (page: SQL, { keyset }: { keyset: boolean }) =>
    arrayRowsStatement<RawEvent>(
      db(),
      sql`
      with page as (${page}), marked as (
        select p.*, ${withFiles ? sql`p.code_state_id is not null and row_number() over (partition by ${merged ? sql`` : sql`p.sid,`} p.code_state_id order by p.client_timestamp, p.id) = 1` : sql`false`} as first
        from page p
      ), rows as (
        select p.*, cs.files as f from marked p
        left join lateral (select c.files from code_states c where p.first and c.id = p.code_state_id) cs on true
      )
      select ${keyset ? sql`p.id` : idColumn}, ${sameAsBefore(sql`p.submission_id`)}, ${clientEventIds ? sql`p.client_event_id` : sql`null`}, ${sameAsBefore(sql`p.client_session_id`)},
        p.event_type, ${epochMicros(sql`p.client_timestamp`)}, ${sameAsBefore(sql`p.client_timezone`)},
        ${epochMicros(sql`p.created_at`)}, p.code_state_id,
        ${dataAsText ? sql`null, p.data::text` : sql`p.data, null`},
        case when jsonb_array_length(p.f) <> 1 then p.f end, p.f->0->>'name', p.f->0->>'content'
      from rows p
      window w as (${merged ? sql`` : sql`partition by p.sid`} order by p.client_timestamp, p.id)
      order by ${merged ? sql`p.client_timestamp, p.id` : sql`p.sid, p.client_timestamp, p.id`}`,
      { named: true },
    );
  const once = <T>(build: () => T) => {
    let built: T | null = null;
    return () => (built ??= build());
  };
  /** Events after `last` (an event of the same submissions, or of `last`'s submission alone), by time. */
  const keysetStatement = (from: SQL) =>
    once(() =>
      statement(
        sql`select e.submission_id as sid, e.* from coding_events e where e.submission_id = any(${sql.placeholder("ids")}::uuid[]) ${range} ${from}
      order by e.client_timestamp, e.id limit ${pageSize}`,
        { keyset: true },
      ),
    );
  // The last row's own timestamp, read back by id: JS dates keep milliseconds, Postgres microseconds. The plain
  // bound lets the index on (submission_id, client_timestamp) start there.
  const lastTime = sql`(select l.client_timestamp from coding_events l where l.id = ${sql.placeholder("last")}::uuid)`;
  const firstPage = keysetStatement(sql``);
  const nextPage = keysetStatement(sql`and e.client_timestamp >= ${lastTime} and (e.client_timestamp, e.id) > (${lastTime}, ${sql.placeholder("last")}::uuid)`);
  const after = (ids: string[], last: RawEvent | null) => (last ? nextPage()({ ids, last: last[ID] }) : firstPage()({ ids }));
  /** Every event of some whole submissions, by submission (one index range each, in order) and time. */
  const wholePages = once(() =>
    statement(
      sql`select s.sid, e.* from (select unnest(${sql.placeholder("ids")}::uuid[]) as sid order by 1) s
      cross join lateral (select * from coding_events e where e.submission_id = s.sid ${range} order by e.client_timestamp, e.id offset 0) e
      order by s.sid, e.client_timestamp, e.id`,
      { keyset: false },
    ),
  );
  const whole = (ids: string[]) => wholePages()({ ids });
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

