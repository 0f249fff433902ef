import { sql } from "drizzle-orm";
import { db } from "@/db";
import type { CourseAuthz } from "@/lib/auth/authz";
import { isStaffRole } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import type { Assignment } from "./assignments";

/** Thresholds of "students who may need help"; the dashboard states them so staff know what the list means. */
export const HELP_RULES = { inactiveDays: 7, failingRunsPerWeek: 10, lowScoreFraction: 0.5 } as const;

/** Score distribution bins: tenths of the assignment's points (the last bin includes full marks and extra credit). */
export const SCORE_BINS = 10;

export type AssignmentProgress = {
  assignmentId: string;
  /** Active students of the course (the denominator of the counts). */
  students: number;
  started: number;
  submitted: number;
  graded: number;
  late: number;
  /** Submitted and still without a score (staff-graded work, or grading that has not finished). */
  awaitingGrade: number;
  /** Counting scores per bin, SCORE_BINS long. */
  distribution: number[];
};

export type ActivityDay = { day: string; events: number; students: number };

export type HelpReason = { kind: "inactive"; lastActivityAt: Date | null } | { kind: "failing"; runs: number } | { kind: "low_score"; fraction: number };

export type StudentNeedingHelp = { userId: string; name: string | null; email: string | null; reasons: HelpReason[] };

export type RecentSubmission = {
  submissionId: string;
  assignmentId: string;
  userId: string;
  name: string | null;
  email: string | null;
  submittedAt: Date;
  score: number | null;
  status: string;
  late: boolean;
};

function rows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

function staffOnly(authz: CourseAuthz) {
  if (!isStaffRole(authz.role)) throw notFound();
}

/** Where the course's active students stand on each assignment: counts and the distribution of counting scores. */
export async function selectAssignmentProgress({ authz, assignments }: { authz: CourseAuthz; assignments: Assignment[] }): Promise<AssignmentProgress[]> {
  staffOnly(authz);
  const ids = assignments.filter((a) => a.courseId === authz.course.id).map((a) => a.id);
  if (ids.length === 0) return [];
  const courseId = authz.course.id;
  // The most recently changed LMS placement speaks for a student's assignment, as in the gradebook.
  const result = await db().execute(sql`
    with students as (
      select e.user_id from enrollments e where e.course_id = ${courseId}::uuid and e.role = 'student' and e.status = 'active'
    ),
    subs as (
      select distinct on (s.assignment_id, s.user_id) s.assignment_id, s.status, s.score::float8 as score, s.late, a.points::float8 as points
      from submissions s join students st on st.user_id = s.user_id join assignments a on a.id = s.assignment_id
      where s.course_id = ${courseId}::uuid and s.assignment_id = any(${sql.param(ids)}::uuid[])
      order by s.assignment_id, s.user_id, s.updated_at desc
    )
    select assignment_id,
      count(*) filter (where status <> 'not_started')::int as started,
      count(*) filter (where status in ('submitted', 'graded'))::int as submitted,
      count(*) filter (where score is not null)::int as graded,
      count(*) filter (where late)::int as late,
      count(*) filter (where status = 'submitted' and score is null)::int as awaiting,
      coalesce(json_agg(least(${SCORE_BINS - 1}, greatest(0, floor(score / nullif(points, 0) * ${SCORE_BINS})))::int) filter (where score is not null), '[]') as bins,
      (select count(*)::int from students) as students
    from subs group by assignment_id`);
  const byId = new Map(
    rows<{ assignment_id: string; started: number; submitted: number; graded: number; late: number; awaiting: number; bins: number[] | string; students: number }>(result).map((r) => [r.assignment_id, r]),
  );
  const studentCount = byId.size > 0 ? Number([...byId.values()][0].students) : await countStudents(courseId);
  return ids.map((id) => {
    const r = byId.get(id);
    const distribution = Array.from({ length: SCORE_BINS }, () => 0);
    const bins = r ? (typeof r.bins === "string" ? (JSON.parse(r.bins) as number[]) : r.bins) : [];
    for (const b of bins) if (b !== null) distribution[b] += 1;
    return {
      assignmentId: id,
      students: studentCount,
      started: Number(r?.started ?? 0),
      submitted: Number(r?.submitted ?? 0),
      graded: Number(r?.graded ?? 0),
      late: Number(r?.late ?? 0),
      awaitingGrade: Number(r?.awaiting ?? 0),
      distribution,
    };
  });
}

async function countStudents(courseId: string): Promise<number> {
  const result = await db().execute(
    sql`select count(*)::int as n from enrollments where course_id = ${courseId}::uuid and role = 'student' and status = 'active'`,
  );
  return Number(rows<{ n: number }>(result)[0]?.n ?? 0);
}

/**
 * Coding events per day (in the course's time zone) over the last `days` days, with how many students were active;
 * every day is present, zero when nothing happened.
 */
export async function selectCourseActivity({ authz, days = 28, now = new Date() }: { authz: CourseAuthz; days?: number; now?: Date }): Promise<ActivityDay[]> {
  staffOnly(authz);
  const tz = authz.course.timeZone;
  const result = await db().execute(sql`
    with span as (
      select generate_series((${now.toISOString()}::timestamptz at time zone ${tz})::date - ${days - 1}::int,
        (${now.toISOString()}::timestamptz at time zone ${tz})::date, interval '1 day')::date as day
    ),
    counts as (
      select (ce.client_timestamp at time zone ${tz})::date as day, count(*)::int as events, count(distinct ce.user_id)::int as students
      from submissions s join coding_events ce on ce.submission_id = s.id
      join enrollments e on e.course_id = s.course_id and e.user_id = s.user_id and e.role = 'student'
      where s.course_id = ${authz.course.id}::uuid
        and ce.client_timestamp >= ((${now.toISOString()}::timestamptz at time zone ${tz})::date - ${days - 1}::int) at time zone ${tz}
        and ce.client_timestamp < ${now.toISOString()}::timestamptz + interval '1 day'
      group by 1
    )
    select to_char(span.day, 'YYYY-MM-DD') as day, coalesce(c.events, 0) as events, coalesce(c.students, 0) as students
    from span left join counts c on c.day = span.day order by span.day`);
  return rows<{ day: string; events: number; students: number }>(result).map((r) => ({ day: r.day, events: Number(r.events), students: Number(r.students) }));
}

/**
 * Active students who may need help (HELP_RULES): no activity (launch, save or submission) for a week, many runs
 * ending in errors in the last week, or an average counting score below the threshold on graded work. Test
 * students are left out.
 */
export async function selectStudentsNeedingHelp({ authz, now = new Date() }: { authz: CourseAuthz; now?: Date }): Promise<StudentNeedingHelp[]> {
  staffOnly(authz);
  const weekAgo = new Date(now.getTime() - HELP_RULES.inactiveDays * 86_400_000).toISOString();
  const courseId = authz.course.id;
  const result = await db().execute(sql`
    with students as (
      select e.user_id, u.name, u.email, e.last_launch_at from enrollments e join users u on u.id = e.user_id
      where e.course_id = ${courseId}::uuid and e.role = 'student' and e.status = 'active' and not u.is_test_user
    ),
    work as (
      select s.user_id, max(greatest(s.updated_at, s.submitted_at)) as last_work_at,
        avg(s.score::float8 / nullif(a.points::float8, 0)) filter (where s.score is not null) as fraction
      from submissions s join students st on st.user_id = s.user_id join assignments a on a.id = s.assignment_id and a.deleted_at is null
      where s.course_id = ${courseId}::uuid group by s.user_id
    ),
    failing as (
      select s.user_id, count(*)::int as runs from submissions s join students st on st.user_id = s.user_id
      join coding_events ce on ce.submission_id = s.id
      where s.course_id = ${courseId}::uuid and ce.client_timestamp >= ${weekAgo}::timestamptz and ce.event_type in ('Run.Error', 'Compile.Error')
      group by s.user_id
    )
    select st.user_id, st.name, st.email, greatest(st.last_launch_at, w.last_work_at) as last_activity_at, w.fraction, coalesce(f.runs, 0) as runs
    from students st left join work w on w.user_id = st.user_id left join failing f on f.user_id = st.user_id
    where greatest(st.last_launch_at, w.last_work_at) is null or greatest(st.last_launch_at, w.last_work_at) < ${weekAgo}::timestamptz
      or f.runs >= ${HELP_RULES.failingRunsPerWeek} or w.fraction < ${HELP_RULES.lowScoreFraction}
    order by st.name nulls last, st.user_id`);
  return rows<{ user_id: string; name: string | null; email: string | null; last_activity_at: string | Date | null; fraction: number | null; runs: number }>(result).map((r) => {
    const last = r.last_activity_at ? new Date(r.last_activity_at) : null;
    const reasons: HelpReason[] = [];
    if (!last || last.toISOString() < weekAgo) reasons.push({ kind: "inactive", lastActivityAt: last });
    if (Number(r.runs) >= HELP_RULES.failingRunsPerWeek) reasons.push({ kind: "failing", runs: Number(r.runs) });
    if (r.fraction !== null && Number(r.fraction) < HELP_RULES.lowScoreFraction) reasons.push({ kind: "low_score", fraction: Number(r.fraction) });
    return { userId: r.user_id, name: r.name, email: r.email, reasons };
  });
}

/** The course's latest submissions (newest first), for "recent submissions". */
export async function selectRecentSubmissions({ authz, limit = 10 }: { authz: CourseAuthz; limit?: number }): Promise<RecentSubmission[]> {
  staffOnly(authz);
  const result = await db().execute(sql`
    select s.id, s.assignment_id, s.user_id, u.name, u.email, s.submitted_at, s.score::float8 as score, s.status, s.late
    from submissions s join users u on u.id = s.user_id join assignments a on a.id = s.assignment_id and a.deleted_at is null
    where s.course_id = ${authz.course.id}::uuid and s.submitted_at is not null
    order by s.submitted_at desc limit ${limit}`);
  return rows<{ id: string; assignment_id: string; user_id: string; name: string | null; email: string | null; submitted_at: string | Date; score: number | null; status: string; late: boolean }>(result).map((r) => ({
    submissionId: r.id,
    assignmentId: r.assignment_id,
    userId: r.user_id,
    name: r.name,
    email: r.email,
    submittedAt: new Date(r.submitted_at),
    score: r.score === null ? null : Number(r.score),
    status: r.status,
    late: r.late,
  }));
}
