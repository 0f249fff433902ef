import { sql, type SQL } from "drizzle-orm";
import { db } from "@/db";
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

export type Ctx = { system: SystemAuthz; scope: ExportScope };

export function rows<T>(result: unknown): T[] {
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

export const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));
export const asJson = <T>(v: T | string | null | undefined): T | null => (typeof v === "string" ? (JSON.parse(v) as T) : (v ?? null));

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
