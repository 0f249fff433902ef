import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "@/db";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole, systemAuthz } from "@/lib/auth/authz";
import { ALL_ROLES, STAFF_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { SOLUTION, world } from "@/lib/submissions/test-world";
import { insertAssignment, selectAssignments, selectAssignmentWithOwnSubmission } from "./assignments";
import { insertCourse } from "./courses";
import { deleteExtension, ensureExtensions, selectCourseExtensions, selectStudentAllowance } from "./extensions";
import { selectGradebook } from "./gradebook";
import { updateSubmissionGrade } from "./grades";
import { insertResendBatch } from "./grade-sync";
import { insertRegradeJobs, submitSubmission } from "./grading-jobs";
import { selectCourseMember } from "./staff-work";
import { ensureOwnSubmission } from "./submissions";

withTestDatabase();

const d = (s: string) => new Date(s);
const none = { dueAt: null, lockAt: null, extraDays: 0, extraAttempts: 0, reason: null };
const authzFor = async (token: string, courseId: string, roles = ALL_ROLES) =>
  requireCourseRole({ unsafeCourseId: courseId, roles, session: (await resolveSessionToken(token, "header"))! });

async function setUp(values: Parameters<typeof world>[0] = {}) {
  const w = await world({ dueAt: d("2026-03-06T23:59Z"), lockAt: d("2026-03-08T23:59Z"), ...values });
  await db().update(schema.courses).set({ timeZone: "America/New_York" }).where(eq(schema.courses.id, w.course.id));
  const staff = await authzFor(w.teacher.token, w.course.id, STAFF_ROLES);
  const alice = await authzFor(w.alice.token, w.course.id);
  const aliceMember = await selectCourseMember({ authz: staff, unsafeUserId: w.alice.user.id });
  return { w, staff, alice, aliceMember };
}

const forAlice = (w: Awaited<ReturnType<typeof world>>) => ({ userId: w.alice.user.id, lmsDueAt: null, lmsLockAt: null });

describe("extensions and accommodations", () => {
  it("move dates by calendar days in the course's zone, new dates win, and accommodations add up", async () => {
    const { w, staff, aliceMember } = await setUp();
    await ensureExtensions({ authz: staff, assignment: w.assignment, members: [aliceMember], grant: { ...none, extraDays: 2 } });
    // 18:59 in New York on 6 March (EST) → 18:59 on 8 March (EDT begins that day): 23 hours of UTC time, not 48.
    expect((await selectStudentAllowance({ assignment: w.assignment, submission: forAlice(w) })).dates.dueAt).toEqual(d("2026-03-08T22:59Z"));
    await ensureExtensions({ authz: staff, assignment: null, members: [aliceMember], grant: { ...none, extraDays: 1, extraAttempts: 1 } });
    const both = await selectStudentAllowance({ assignment: w.assignment, submission: forAlice(w) });
    expect(both).toMatchObject({ dates: { dueAt: d("2026-03-09T22:59Z"), lockAt: d("2026-03-11T23:59Z") }, extended: true });

    await ensureExtensions({ authz: staff, assignment: w.assignment, members: [aliceMember], grant: { ...none, dueAt: d("2026-04-01T12:00Z") } });
    expect((await selectStudentAllowance({ assignment: w.assignment, submission: forAlice(w) })).dates).toEqual({ dueAt: d("2026-04-01T12:00Z"), lockAt: d("2026-03-09T23:59Z") });
    // Bob has none of it.
    expect(await selectStudentAllowance({ assignment: w.assignment, submission: { userId: w.bob.user.id, lmsDueAt: null, lmsLockAt: null } })).toEqual({
      dates: { dueAt: d("2026-03-06T23:59Z"), lockAt: d("2026-03-08T23:59Z") },
      attemptLimit: null,
      extended: false,
    });

    const entries = await selectCourseExtensions({ authz: staff });
    expect(entries.map((e) => [e.assignmentTitle, e.extraDays, e.grantedByName])).toEqual([[null, 1, "Teacher"], ["Temperature", 0, "Teacher"]]);
    for (const e of entries) await deleteExtension({ authz: staff, unsafeId: e.id, kind: e.assignmentId ? "assignment" : "course" });
    expect(await selectCourseExtensions({ authz: staff })).toEqual([]);
    expect((await selectStudentAllowance({ assignment: w.assignment, submission: forAlice(w) })).extended).toBe(false);
  });

  it("the editor page's one statement (selectAssignmentWithOwnSubmission) computes the same allowance", async () => {
    const { w, staff, alice, aliceMember } = await setUp();
    await db().update(schema.assignments).set({ attemptLimit: 2 }).where(eq(schema.assignments.id, w.assignment.id));
    const [assignment] = await selectAssignments({ authz: alice });
    const same = async () => {
      const page = await selectAssignmentWithOwnSubmission({ authz: alice, unsafeAssignmentId: assignment.id });
      expect(page.allowance).toEqual(await selectStudentAllowance({ assignment, submission: page.submission ?? forAlice(w) }));
      return page.allowance;
    };
    expect(await same()).toMatchObject({ extended: false, attemptLimit: 2 });
    await ensureExtensions({ authz: staff, assignment, members: [aliceMember], grant: { ...none, extraDays: 2, extraAttempts: 1 } });
    expect(await same()).toMatchObject({ dates: { dueAt: d("2026-03-08T22:59Z") }, attemptLimit: 3, extended: true });
    await ensureExtensions({ authz: staff, assignment: null, members: [aliceMember], grant: { ...none, extraDays: 1, extraAttempts: 1 } });
    const submission = await ensureOwnSubmission({ authz: alice, assignment });
    await db().update(schema.submissions).set({ lmsDueAt: d("2026-03-20T12:00Z") }).where(eq(schema.submissions.id, submission.id));
    expect(await same()).toMatchObject({ dates: { dueAt: d("2026-03-23T12:00Z") }, attemptLimit: 4, extended: true });
  });

  it("extra attempts let a student submit past the assignment's limit", async () => {
    const { w, staff, alice, aliceMember } = await setUp({ lockAt: null, dueAt: null });
    await db().update(schema.assignments).set({ attemptLimit: 1 }).where(eq(schema.assignments.id, w.assignment.id));
    const [assignment] = await selectAssignments({ authz: alice });
    const submission = await ensureOwnSubmission({ authz: alice, assignment });
    const submit = async (content: string) => {
      const [current] = await db().select().from(schema.submissions).where(eq(schema.submissions.id, submission.id));
      return submitSubmission({ authz: alice, assignment, submission: current, files: [{ name: "main.py", content }], clientSavedAt: null });
    };
    await submit(SOLUTION);
    await expect(submit(SOLUTION + "\n# again")).rejects.toMatchObject({ status: 409 });
    await ensureExtensions({ authz: staff, assignment, members: [aliceMember], grant: { ...none, extraAttempts: 1 } });
    expect((await selectStudentAllowance({ assignment, submission })).attemptLimit).toBe(2);
    await expect(submit(SOLUTION + "\n# again")).resolves.toMatchObject({ version: expect.any(Number) });
    await expect(submit(SOLUTION + "\n# third")).rejects.toMatchObject({ status: 409 });
  });

  it("are granted by staff of the course only, to its members only", async () => {
    const { w, staff, alice, aliceMember } = await setUp();
    await expect(ensureExtensions({ authz: alice, assignment: w.assignment, members: [aliceMember], grant: { ...none, extraDays: 1 } })).rejects.toMatchObject({ status: 404 });
    const other = await insertCourse({ values: { title: "Other", code: null } });
    const elsewhere = await insertAssignment({ authz: systemAuthz(), courseId: other.id, values: { title: "Elsewhere" } });
    await expect(ensureExtensions({ authz: staff, assignment: elsewhere, members: [aliceMember], grant: { ...none, extraDays: 1 } })).rejects.toMatchObject({ status: 404 });
    await expect(selectCourseMember({ authz: staff, unsafeUserId: "not-a-uuid" })).rejects.toMatchObject({ status: 404 });
  });
});

describe("bulk actions on chosen students", () => {
  it("regrade and resend only the chosen students; the table filters by work status", async () => {
    const { w, staff, alice } = await setUp({ lockAt: null, dueAt: null });
    const bob = await authzFor(w.bob.token, w.course.id);
    const ids: Record<string, string> = {};
    for (const [who, authz] of [["alice", alice], ["bob", bob]] as const) {
      const submission = await ensureOwnSubmission({ authz, assignment: w.assignment });
      const { job } = await submitSubmission({ authz, assignment: w.assignment, submission, files: [{ name: "main.py", content: SOLUTION }], clientSavedAt: null });
      await updateSubmissionGrade({
        authz: systemAuthz(),
        submissionId: submission.id,
        grade: { kind: "grader", jobId: job.id, versionId: job.versionId!, results: [], failure: null, maxScore: 10, rawScore: 5, latePenaltyPercent: 0, score: 5, late: false },
      });
      ids[who] = submission.id;
    }
    expect(await insertRegradeJobs({ authz: staff, assignment: w.assignment, userIds: [w.bob.user.id] })).toEqual({ queued: 1 });
    const regrades = await db().select().from(schema.gradingJobs).where(eq(schema.gradingJobs.purpose, "regrade"));
    expect(regrades.map((j) => j.submissionId)).toEqual([ids.bob]);

    const rows = await insertResendBatch({ authz: staff, assignment: w.assignment, batchId: crypto.randomUUID(), userIds: [w.alice.user.id] });
    expect(rows.map((r) => r.submissionId)).toEqual([ids.alice]);

    const graded = await selectGradebook({ authz: staff, assignments: [w.assignment], filters: { work: { assignmentId: w.assignment.id, status: "graded" } } });
    expect(graded.total).toBe(2);
    const notStarted = await selectGradebook({ authz: staff, assignments: [w.assignment], filters: { work: { assignmentId: w.assignment.id, status: "not_started" } } });
    expect(notStarted.total).toBe(0);
    expect(graded.rows[0].cells[w.assignment.id].updatedAt).toBeInstanceOf(Date);
  });
});
