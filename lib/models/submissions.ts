import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { db, schema } from "@/db";
import { prepared, statementName } from "@/db/prepared";
import { requirePythonAssignment } from "@/lib/assignments/kind";
import type { CourseAuthz, SystemAuthz } from "@/lib/auth/authz";
import { STAFF_ROLES, type CourseRole } from "@/lib/auth/roles";
import type { Session } from "@/lib/auth/session";
import { forbidden, notFound } from "@/lib/errors";
import type { Dates } from "@/lib/grading/policy";
import type { StarterFile } from "@/lib/grading/types";
import type { Assignment } from "./assignments";
import { codeStateHash, ensureCodeState, type Executor } from "./code-states";
import { selectStudentAllowance } from "./extensions";
import { isUuid, type Course } from "./courses";

const { submissions, submissionVersions, codeStates, courses, enrollments, assignments } = schema;

export type Submission = typeof submissions.$inferSelect;
export type VersionKind = (typeof submissionVersions.$inferSelect)["kind"];

/** Writes to student work are refused while staff view the course as a student. */
export function assertMayWrite(authz: CourseAuthz): void {
  if (authz.viewingAs) throw forbidden("You are viewing as another user; changes are disabled.");
}

function linkCondition(resourceLinkRowId: string | null) {
  return resourceLinkRowId ? eq(submissions.resourceLinkRowId, resourceLinkRowId) : isNull(submissions.resourceLinkRowId);
}

/** The caller's (effective user's) submission for an assignment and LMS placement, or null. Never creates one. */
export async function selectOptionalOwnSubmission({
  authz,
  assignment,
  resourceLinkRowId = null,
}: {
  authz: CourseAuthz;
  assignment: Assignment;
  resourceLinkRowId?: string | null;
}): Promise<Submission | null> {
  const [row] = await db()
    .select()
    .from(submissions)
    .where(
      and(
        eq(submissions.assignmentId, assignment.id),
        eq(submissions.userId, authz.session.effectiveUser.id),
        linkCondition(resourceLinkRowId),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** The caller's submission for an assignment, created on first use (one per student, assignment and placement). */
export async function ensureOwnSubmission({
  authz,
  assignment,
  resourceLinkRowId = null,
}: {
  authz: CourseAuthz;
  assignment: Assignment;
  resourceLinkRowId?: string | null;
}): Promise<Submission> {
  assertMayWrite(authz);
  if (assignment.courseId !== authz.course.id) throw notFound("No such assignment.");
  // Lantern's editor makes this row on its first save; a notebook assignment's work is in Jupyter.
  requirePythonAssignment(assignment);
  await db()
    .insert(submissions)
    .values({ courseId: authz.course.id, assignmentId: assignment.id, userId: authz.session.user.id, resourceLinkRowId })
    .onConflictDoNothing();
  return (await selectOptionalOwnSubmission({ authz, assignment, resourceLinkRowId }))!;
}

/** A submission that belongs to the session's effective user; anyone else's (or a malformed id) is a 404. */
export async function selectOwnSubmission({
  session,
  unsafeSubmissionId,
}: {
  session: Session;
  unsafeSubmissionId: string;
}): Promise<Submission> {
  if (!isUuid(unsafeSubmissionId)) throw notFound("No such submission.");
  const [row] = await db()
    .select()
    .from(submissions)
    .where(and(eq(submissions.id, unsafeSubmissionId), eq(submissions.userId, session.effectiveUser.id)))
    .limit(1);
  if (!row) throw notFound("No such submission.");
  return row;
}

/**
 * The caller's (effective user's) submission with what `requireOwnWork` checks before touching it: its course (null
 * when deleted), the real user's active enrollment role there (null when none) and its assignment (null when
 * deleted). One statement instead of three, because every autosave starts here. Null: no such submission of theirs.
 */
export async function selectOptionalOwnWork({
  session,
  unsafeSubmissionId,
}: {
  session: Session;
  unsafeSubmissionId: string;
}): Promise<{ submission: Submission; course: Course | null; enrolled: CourseRole | null; assignment: Assignment | null } | null> {
  if (!isUuid(unsafeSubmissionId)) return null;
  const [row] = await ownWork().execute({ submissionId: unsafeSubmissionId, userId: session.effectiveUser.id, realUserId: session.user.id });
  return row ?? null;
}

const ownWork = prepared("own_work", (d) =>
  d
    .select({ submission: submissions, course: courses, enrolled: enrollments.role, assignment: assignments })
    .from(submissions)
    .leftJoin(courses, and(eq(courses.id, submissions.courseId), isNull(courses.deletedAt)))
    .leftJoin(
      enrollments,
      and(eq(enrollments.courseId, submissions.courseId), eq(enrollments.userId, sql.placeholder("realUserId")), eq(enrollments.status, "active")),
    )
    .leftJoin(assignments, and(eq(assignments.id, submissions.assignmentId), isNull(assignments.deletedAt)))
    .where(and(eq(submissions.id, sql.placeholder("submissionId")), eq(submissions.userId, sql.placeholder("userId"))))
    .limit(1)
    .prepare(statementName("own_work")),
);

/**
 * An autosave or restore of the caller's own work in one statement, authorization included (issue 14: every save is
 * one round trip after the session lookup instead of three). The statement re-derives `requireOwnWork`'s rules for a
 * caller acting as themselves — their submission, its course live, their active enrollment (site admins count as
 * instructors), the assignment live, in that course, a Python one and published unless they are staff — and only
 * when they hold does it store the code state, bump the version (the UPDATE's row lock keeps concurrent saves
 * numbered in order, as in saveVersion) and insert the version row. Null means "take the checked path"
 * (requireOwnWork + insertSubmissionVersion): a refusal (which then answers with the precise 404), unchanged files,
 * or a concurrent first save of the same content that this statement's snapshot cannot see. So these SQL rules may
 * only be stricter than the JS ones, never looser: lib/submissions/autosave.db.test.ts compares both case by case.
 */
export async function saveOwnWork({
  session,
  unsafeSubmissionId,
  files,
  kind,
  clientSavedAt,
}: {
  session: Session;
  unsafeSubmissionId: string;
  files: StarterFile[];
  kind: "autosave" | "restore";
  clientSavedAt: Date | null;
}): Promise<{ version: number; savedAt: Date } | null> {
  // Viewing as someone else is refused with a 403 on the checked path; this statement only serves a caller as themselves.
  if (!isUuid(unsafeSubmissionId) || session.effectiveUser.id !== session.user.id) return null;
  const userId = session.user.id;
  const admin = session.user.siteRoles.includes("admin");
  const role = sql`(case when ${admin}::boolean then 'instructor' else e.role end)`;
  const staff = sql.join(STAFF_ROLES.map((r) => sql`${r}`), sql`, `);
  const hash = codeStateHash(files);
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.content, "utf8"), 0);
  const result = await db().execute(sql`
    with own as (
      select s.id,
        c.id is not null and a.id is not null and a.course_id = s.course_id and a.kind = 'python'
          and ${role} is not null and (${role} in (${staff}) or a.published_at is not null) as allowed
      from submissions s
      left join courses c on c.id = s.course_id and c.deleted_at is null
      left join enrollments e on e.course_id = s.course_id and e.user_id = ${userId} and e.status = 'active'
      left join assignments a on a.id = s.assignment_id and a.deleted_at is null
      where s.id = ${unsafeSubmissionId} and s.user_id = ${userId}
    ),
    added as (
      insert into code_states (hash, files, bytes)
      select ${hash}::text, ${JSON.stringify(files)}::jsonb, ${bytes}::integer from own where allowed
      on conflict (hash) do nothing
      returning id
    ),
    state as (select coalesce((select id from added), (select id from code_states where hash = ${hash})) as id),
    bumped as (
      update submissions s
      set current_version = s.current_version + 1, current_code_state_id = state.id, started_at = coalesce(s.started_at, now()),
        status = case when s.status = 'not_started' then 'in_progress' else s.status end, updated_at = now()
      from own, state
      where s.id = own.id and own.allowed and state.id is not null and s.current_code_state_id is distinct from state.id
      returning s.id, s.current_version
    ),
    saved as (
      insert into submission_versions (submission_id, version, code_state_id, kind, client_saved_at)
      select bumped.id, bumped.current_version, state.id, ${kind}::text, ${clientSavedAt?.toISOString() ?? null}::timestamptz from bumped, state
      returning version, created_at
    )
    select version, created_at from saved`);
  const [row] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { version: number; created_at: Date | string }[];
  return row ? { version: Number(row.version), savedAt: new Date(row.created_at) } : null;
}

/** Saves files as the next version (autosave, restore or submit); identical content to the current one is a no-op. */
export async function insertSubmissionVersion({
  authz,
  submission,
  files,
  kind,
  clientSavedAt,
}: {
  authz: CourseAuthz;
  submission: Submission;
  files: StarterFile[];
  kind: VersionKind;
  clientSavedAt: Date | null;
}): Promise<{ version: number; versionId: string; codeStateId: string; savedAt: Date; unchanged: boolean }> {
  assertMayWrite(authz);
  if (submission.userId !== authz.session.user.id) throw notFound("No such submission.");
  // A content-addressed row on its own: should the save below fail, it is an unreferenced copy of the student's files.
  const state = await ensureCodeState(db(), files);
  const save = (onlyIfChanged: boolean) => saveVersion({ submissionId: submission.id, codeStateId: state.id, kind, clientSavedAt, onlyIfChanged });
  let [row] = await save(kind !== "submit");
  if (!row) {
    const [latest] = await db()
      .select({ version: submissionVersions })
      .from(submissionVersions)
      .innerJoin(submissions, and(eq(submissions.id, submissionVersions.submissionId), eq(submissions.currentVersion, submissionVersions.version)))
      .where(eq(submissionVersions.submissionId, submission.id));
    if (latest) return { version: latest.version.version, versionId: latest.version.id, codeStateId: state.id, savedAt: latest.version.createdAt, unchanged: true };
    [row] = await save(false);
    if (!row) throw notFound("No such submission.");
  }
  return { version: row.version, versionId: row.id, codeStateId: state.id, savedAt: row.createdAt, unchanged: false };
}

/**
 * The next version of a submission in one statement (every autosave): the UPDATE bumps the version and takes the row
 * lock FOR NO KEY UPDATE would, which keeps version numbers sequential, and the INSERT of the version reads the new
 * number from it. Both or neither happen. With `onlyIfChanged`, files equal to the current ones change nothing and
 * nothing is returned. now() is the statement's transaction time, so startedAt equals the first version's createdAt.
 */
function saveVersion(p: { submissionId: string; codeStateId: string; kind: VersionKind; clientSavedAt: Date | null; onlyIfChanged: boolean }) {
  const d = db();
  const bumped = d.$with("bumped").as(
    d
      .update(submissions)
      .set({
        currentVersion: sql`${submissions.currentVersion} + 1`,
        currentCodeStateId: p.codeStateId,
        startedAt: sql`coalesce(${submissions.startedAt}, now())`,
        status: sql`case when ${submissions.status} = 'not_started' then 'in_progress' else ${submissions.status} end`,
      })
      .where(and(eq(submissions.id, p.submissionId), p.onlyIfChanged ? sql`${submissions.currentCodeStateId} is distinct from ${p.codeStateId}` : undefined))
      .returning({ submissionId: submissions.id, version: submissions.currentVersion }),
  );
  // INSERT … SELECT names every column of the table, in order (drizzle's rule for insert-select).
  const fields = {
    id: sql`gen_random_uuid()`.as("id"),
    submissionId: bumped.submissionId,
    version: bumped.version,
    codeStateId: sql`${p.codeStateId}::uuid`.as("code_state_id"),
    kind: sql`${p.kind}`.as("kind"),
    clientSavedAt: sql`${p.clientSavedAt}::timestamptz`.as("client_saved_at"),
    createdAt: sql`now()`.as("created_at"),
  };
  return d.with(bumped).insert(submissionVersions).select(d.select(fields).from(bumped)).returning();
}

/**
 * Appends the next version of a submission and points the submission at it. The caller holds the submission row
 * locked (FOR NO KEY UPDATE) in `tx`, which keeps version numbers sequential; `set` adds fields such as the status.
 */
export async function appendSubmissionVersion(
  tx: Executor,
  {
    current,
    codeStateId,
    kind,
    clientSavedAt,
    set,
  }: {
    current: Submission;
    codeStateId: string;
    kind: VersionKind;
    clientSavedAt: Date | null;
    set: (row: typeof submissionVersions.$inferSelect) => PgUpdateSetSource<typeof submissions>;
  },
) {
  const version = current.currentVersion + 1;
  const [row] = await tx
    .insert(submissionVersions)
    .values({ submissionId: current.id, version, codeStateId, kind, clientSavedAt })
    .returning();
  await tx
    .update(submissions)
    .set({ currentVersion: version, currentCodeStateId: codeStateId, startedAt: current.startedAt ?? row.createdAt, ...set(row) })
    .where(eq(submissions.id, current.id));
  return { version, row };
}

/** The submission's current files, or null before the first save. */
export async function selectSubmissionFiles({ submission }: { submission: Submission }): Promise<StarterFile[] | null> {
  if (!submission.currentCodeStateId) return null;
  const [row] = await db().select({ files: codeStates.files }).from(codeStates).where(eq(codeStates.id, submission.currentCodeStateId));
  return row?.files ?? null;
}

/** When the current version was saved (server time), or null before the first save. */
export async function selectOptionalCurrentSavedAt({ submission }: { submission: Submission }): Promise<Date | null> {
  const [row] = await db()
    .select({ createdAt: submissionVersions.createdAt, clientSavedAt: submissionVersions.clientSavedAt })
    .from(submissionVersions)
    .where(and(eq(submissionVersions.submissionId, submission.id), eq(submissionVersions.version, submission.currentVersion)));
  return row ? (row.clientSavedAt ?? row.createdAt) : null;
}

/** The version history, newest first (without contents). */
export async function selectSubmissionVersions({ submission, limit = 100 }: { submission: Submission; limit?: number }) {
  return db()
    .select({
      version: submissionVersions.version,
      kind: submissionVersions.kind,
      savedAt: submissionVersions.createdAt,
      clientSavedAt: submissionVersions.clientSavedAt,
      bytes: codeStates.bytes,
    })
    .from(submissionVersions)
    .innerJoin(codeStates, eq(codeStates.id, submissionVersions.codeStateId))
    .where(eq(submissionVersions.submissionId, submission.id))
    .orderBy(desc(submissionVersions.version))
    .limit(limit);
}

/** The files of one saved version; 404 when the submission has no such version. */
export async function selectSubmissionVersionFiles({
  submission,
  version,
}: {
  submission: Submission;
  version: number;
}): Promise<StarterFile[]> {
  const [row] = await db()
    .select({ files: codeStates.files })
    .from(submissionVersions)
    .innerJoin(codeStates, eq(codeStates.id, submissionVersions.codeStateId))
    .where(and(eq(submissionVersions.submissionId, submission.id), eq(submissionVersions.version, version)));
  if (!row) throw notFound("No such version.");
  return row.files;
}

/**
 * The LTI launch hook: records the due and lock dates the LMS sent for this student's placement (e.g. Canvas
 * `$Canvas.assignment.dueAt.iso8601` custom variables). They override the assignment's own dates; a per-student
 * extension still wins. Pass null to clear a date the LMS no longer sends.
 */
export async function updateLmsDates(
  _authz: SystemAuthz,
  { submissionId, dueAt, lockAt }: { submissionId: string; dueAt: Date | null; lockAt: Date | null },
): Promise<void> {
  await db().update(submissions).set({ lmsDueAt: dueAt, lmsLockAt: lockAt }).where(eq(submissions.id, submissionId));
}

/** The due and lock dates that apply to this submission (assignment → LMS launch → extension and accommodation). */
export async function selectSubmissionDates({
  assignment,
  submission,
}: {
  assignment: Assignment;
  submission: Pick<Submission, "userId" | "lmsDueAt" | "lmsLockAt"> | null;
}): Promise<Dates> {
  return (await selectStudentAllowance({ assignment, submission })).dates;
}

/**
 * Due and lock dates the LMS sent with a student's launch (e.g. Canvas's $Canvas.assignment.dueAt.iso8601) override
 * the assignment's for that student's work; the work row is created if the student has not started yet.
 */
export async function ensureLmsDatesFromLaunch(
  _authz: SystemAuthz,
  { courseId, assignmentId, userId, dueAt, lockAt }: { courseId: string; assignmentId: string; userId: string; dueAt: Date | null; lockAt: Date | null },
): Promise<void> {
  await db()
    .insert(submissions)
    .values({ courseId, assignmentId, userId, resourceLinkRowId: null, lmsDueAt: dueAt, lmsLockAt: lockAt })
    .onConflictDoUpdate({
      target: [submissions.assignmentId, submissions.userId, submissions.resourceLinkRowId],
      set: { lmsDueAt: dueAt, lmsLockAt: lockAt },
    });
}
