import { and, eq, ne, sql } from "drizzle-orm";
import { describe, expect, inject, it, vi } from "vitest";
import * as s from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole } from "@/lib/auth/authz";
import { ALL_ROLES, STAFF_ROLES } from "@/lib/auth/roles";
import { createSession, resolveSessionToken } from "@/lib/auth/session";
import { deliverOutboxRow } from "@/lib/passback/deliver";
import { overrideGrade } from "@/lib/passback/override";
import { FakeAgs, linkedAssignment } from "@/lib/passback/testing";
import { selectAssignment } from "./assignments";
import { ensureEnrollment } from "./enrollments";
import { insertGradeOutboxRow } from "./grade-outbox";
import { updateSubmissionGrade } from "./grades";
import { insertResendBatch, requeueFailedForAssignment, selectBatchProgress, selectCourseSyncProblems, selectGradeSyncRows } from "./grade-sync";

vi.mock("@/lib/passback/notify", () => ({ notifyGradeChanges: async () => {} }));

const { handle } = withTestDatabase();
const db = () => handle().db;

async function staffAndWorld() {
  const world = await linkedAssignment(db());
  const courseId = world.assignment.courseId;
  const [teacher] = await db().insert(s.users).values({ name: "Teacher" }).returning();
  await ensureEnrollment({ courseId, userId: teacher.id, role: "instructor", source: "manual" });
  const { token } = await createSession({ userId: teacher.id, kind: "test" });
  const session = (await resolveSessionToken(token, "cookie"))!;
  const authz = await requireCourseRole({ unsafeCourseId: courseId, roles: STAFF_ROLES, session });
  const assignment = await selectAssignment({ authz, unsafeAssignmentId: world.assignment.id });
  async function student(i: number, opts?: { launched?: boolean }) {
    const st = await world.student(i, opts);
    await ensureEnrollment({ courseId, userId: st.user.id, role: "student", source: "lti" });
    return st;
  }
  return { world, authz, assignment, student };
}

describe("grade-sync view", () => {
  it("shows each student's state in the LMS and counts the problems per assignment", async () => {
    const { authz, assignment, student } = await staffAndWorld();
    const delivered = await student(1);
    const refused = await student(2);
    const neverLaunched = await student(3, { launched: false });
    const ags = new FakeAgs();
    for (const [st, score] of [[delivered, 9], [refused, 4], [neverLaunched, 7]] as const) {
      await db().update(s.submissions).set({ score }).where(eq(s.submissions.id, st.submission.id));
      const row = await insertGradeOutboxRow(db(), { submissionId: st.submission.id, scoreGiven: score, scoreMaximum: 10, changedAt: new Date() });
      if (st === refused) ags.faults.push({ status: 422, message: "422 User not in course" });
      await deliverOutboxRow(row.id, ags);
    }
    const rows = await selectGradeSyncRows({ authz, assignment });
    const byName = Object.fromEntries(rows.map((r) => [r.name, r.state]));
    expect(byName["Student 1"]).toMatchObject({ kind: "delivered", value: 9, max: 10 });
    expect(byName["Student 2"]).toMatchObject({ kind: "failed", reason: "422 User not in course", attempts: 1 });
    expect(byName["Student 3"]).toEqual({ kind: "waiting", reason: "Waiting for the student's first launch from the LMS." });
    expect(await selectCourseSyncProblems({ authz })).toEqual([{ assignmentId: assignment.id, failed: 1, pending: 0, waiting: 1 }]);

    const requeued = await requeueFailedForAssignment({ authz, assignment });
    expect(requeued).toHaveLength(2);
    expect((await selectCourseSyncProblems({ authz }))[0]).toMatchObject({ failed: 0, pending: 2, waiting: 0 });
  });

  it("is for staff only", async () => {
    const { world, student } = await staffAndWorld();
    const st = await student(1);
    const { token } = await createSession({ userId: st.user.id, kind: "test" });
    const authz = await requireCourseRole({ unsafeCourseId: world.assignment.courseId, roles: ALL_ROLES, session: (await resolveSessionToken(token, "cookie"))! });
    const assignment = await selectAssignment({ authz, unsafeAssignmentId: world.assignment.id }).catch(() => ({ ...world.assignment }));
    await expect(selectGradeSyncRows({ authz, assignment })).rejects.toMatchObject({ status: 404 });
    await expect(selectCourseSyncProblems({ authz })).rejects.toMatchObject({ status: 404 });
  });

  it("resends every graded submission as one forced batch and reports its progress", async () => {
    const { authz, assignment, student } = await staffAndWorld();
    for (let i = 1; i <= 3; i++) {
      const st = await student(i);
      if (i < 3) await db().update(s.submissions).set({ score: i }).where(eq(s.submissions.id, st.submission.id));
    }
    const batchId = crypto.randomUUID();
    const rows = await insertResendBatch({ authz, assignment, batchId });
    expect(rows.map((r) => [r.scoreGiven, r.force])).toEqual([[1, true], [2, true]]);
    expect(await selectBatchProgress({ authz, batchId })).toEqual({ total: 2, done: 0, failed: 0 });
    const ags = new FakeAgs();
    for (const r of rows) await deliverOutboxRow(r.id, ags);
    expect(await selectBatchProgress({ authz, batchId })).toEqual({ total: 2, done: 2, failed: 0 });
  });
});

describe("resend all while a grade is being written", () => {
  /** Resolves once some transaction waits for a row lock (pg, Neon); PGlite has one connection, so transactions never interleave. */
  async function someoneWaitsForALock() {
    if (inject("testDb").driver === "pglite") return;
    for (let i = 0; i < 250; i++) {
      const result = await db().execute(sql`select count(*)::int as n from pg_locks where not granted`);
      const n = (Array.isArray(result) ? result : (result as unknown as { rows: { n: number }[] }).rows)[0] as { n: number };
      if (n.n > 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it("sends the grade that committed, never the older score with a newer timestamp", async () => {
    const { authz, assignment, student } = await staffAndWorld();
    const st = await student(1);
    await db().update(s.submissions).set({ score: 3 }).where(eq(s.submissions.id, st.submission.id));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    // The grade write holds its submission lock with the new score not yet committed…
    const grading = updateSubmissionGrade({
      authz,
      submissionId: st.submission.id,
      grade: { kind: "override", score: 9, reason: "Regraded" },
      afterWrite: async () => {
        entered();
        await gate;
      },
    });
    await inside;
    // …while staff press "resend all".
    const batchId = crypto.randomUUID();
    const resend = insertResendBatch({ authz, assignment, batchId });
    await Promise.race([resend.then(() => undefined, () => undefined), someoneWaitsForALock()]);
    release();
    await grading;
    const rows = await resend;
    expect(rows.map((r) => r.scoreGiven)).toEqual([9]);
    const live = await db()
      .select()
      .from(s.gradeOutbox)
      .where(and(eq(s.gradeOutbox.submissionId, st.submission.id), ne(s.gradeOutbox.status, "superseded")));
    expect(live.map((r) => [r.scoreGiven, r.batchId])).toEqual([[9, batchId]]);
  });
});

describe("overrideGrade", () => {
  it("changes the grade with its reason in the history and queues it for the LMS in one transaction", async () => {
    const { authz, assignment, student } = await staffAndWorld();
    const st = await student(1);
    await overrideGrade({ authz, assignment, unsafeSubmissionId: st.submission.id, grade: { kind: "override", score: 8.5, reason: "Regraded by hand" } });
    const [sub] = await db().select().from(s.submissions).where(eq(s.submissions.id, st.submission.id));
    expect(sub.score).toBe(8.5);
    const history = await db().select().from(s.gradeHistory).where(eq(s.gradeHistory.submissionId, st.submission.id));
    expect(history).toMatchObject([{ oldScore: null, newScore: 8.5, reason: "Regraded by hand", actorUserId: authz.session.user.id }]);
    const outbox = await outboxOf(st.submission.id);
    expect(outbox).toMatchObject([{ scoreGiven: 8.5, scoreMaximum: 10, status: "pending" }]);
    const audit = await db().select().from(s.auditLog).where(eq(s.auditLog.subjectId, st.submission.id));
    expect(audit).toMatchObject([
      { action: "grade.override", actorUserId: authz.session.user.id, courseId: authz.course.id, before: { score: null }, after: { score: 8.5, reason: "Regraded by hand" } },
    ]);
  });

  it("refuses another assignment's submission and changes nothing", async () => {
    const { authz, assignment } = await staffAndWorld();
    const other = await linkedAssignment(db());
    const foreign = await other.student(1);
    await expect(
      overrideGrade({ authz, assignment, unsafeSubmissionId: foreign.submission.id, grade: { kind: "override", score: 10, reason: "sneaky" } }),
    ).rejects.toMatchObject({ status: 404 });
    const [sub] = await db().select().from(s.submissions).where(eq(s.submissions.id, foreign.submission.id));
    expect(sub.score).toBeNull();
    expect(await db().select().from(s.auditLog).where(eq(s.auditLog.subjectId, foreign.submission.id))).toEqual([]);
    expect(await outboxOf(foreign.submission.id)).toEqual([]);
  });
});

function outboxOf(submissionId: string) {
  return db().select().from(s.gradeOutbox).where(eq(s.gradeOutbox.submissionId, submissionId));
}
