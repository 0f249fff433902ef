import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "@/db";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole, systemAuthz } from "@/lib/auth/authz";
import { ALL_ROLES, STAFF_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { overrideGrade, overrideGradeFromForm } from "@/lib/passback/override";
import { loadStudentWork } from "@/lib/submissions/work";
import { SOLUTION, viewAs, world } from "@/lib/submissions/test-world";
import { updateCourseSettings } from "./courses";
import { selectGradeHistory, updateSubmissionGrade } from "./grades";
import { submitSubmission } from "./grading-jobs";
import { ensureOwnSubmission, selectOwnSubmission } from "./submissions";

withTestDatabase();

async function setUp() {
  const w = await world();
  const session = (await resolveSessionToken(w.alice.token, "header"))!;
  const student = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session });
  const submission = await ensureOwnSubmission({ authz: student, assignment: w.assignment });
  const staff = await requireCourseRole({
    unsafeCourseId: w.course.id,
    roles: STAFF_ROLES,
    session: (await resolveSessionToken(w.teacher.token, "header"))!,
  });
  const reload = () => selectOwnSubmission({ session, unsafeSubmissionId: submission.id });
  /** Submits and records a grader result of `score` for it (as the grader would), without running the sandbox. */
  const submitAndGrade = async (score: number) => {
    const { job } = await submitSubmission({ authz: student, assignment: w.assignment, submission: await reload(), files: [{ name: "main.py", content: `${SOLUTION}\n# ${Math.random()}` }], clientSavedAt: null });
    return updateSubmissionGrade({
      authz: systemAuthz(),
      submissionId: submission.id,
      grade: { kind: "grader", jobId: job.id, versionId: job.versionId!, results: [], failure: null, maxScore: 10, rawScore: score, latePenaltyPercent: 0, score, late: false },
    });
  };
  const outboxRows = () => db().select().from(schema.gradeOutbox).where(eq(schema.gradeOutbox.submissionId, submission.id));
  return { w, student, staff, submission, reload, submitAndGrade, outboxRows };
}

describe("overrides that stick", () => {
  it("keeps an override through later autograder results, recorded beside it, and sends nothing new to the LMS", async () => {
    const t = await setUp();
    await t.submitAndGrade(0);
    await overrideGrade({ authz: t.staff, assignment: t.w.assignment, unsafeSubmissionId: t.submission.id, grade: { kind: "override", score: 9.5, reason: "Works; output format differs" } });
    expect((await t.outboxRows()).map((r) => r.scoreGiven).sort()).toEqual([0, 9.5]);

    const resubmitted = await t.submitAndGrade(2);
    expect(resubmitted).toMatchObject({ applied: false, outbox: null });
    const submission = await t.reload();
    expect(submission).toMatchObject({ score: 9.5, autoScore: 2, rawScore: 2, status: "graded" });
    expect(submission.overriddenAt).not.toBeNull();
    expect(await t.outboxRows()).toHaveLength(2); // the LMS keeps 9.5

    const history = await selectGradeHistory({ submission });
    expect(history.map((h) => [h.kind, h.newScore])).toEqual([
      ["autograde_kept", 9.5],
      ["override", 9.5],
      ["autograde", 0],
    ]);

    // The student sees the counting grade (and, by default, not who set it) beside the autograder's run.
    const work = await loadStudentWork({ assignment: t.w.assignment, submission });
    expect(work.counting).toEqual({ score: 9.5, maxScore: 10, overridden: true, changedBy: null });
    expect(work.grade?.score).toBe(2);
    await updateCourseSettings({ authz: t.staff, values: { showGraderNames: true } });
    expect((await loadStudentWork({ assignment: t.w.assignment, submission })).counting?.changedBy).toBe("Teacher");
  });

  it("clearing the override brings back the autograder's latest score, for the LMS too", async () => {
    const t = await setUp();
    await t.submitAndGrade(4);
    await overrideGrade({ authz: t.staff, assignment: t.w.assignment, unsafeSubmissionId: t.submission.id, grade: { kind: "override", score: 10, reason: "Regrade request" } });
    await t.submitAndGrade(6);
    const cleared = await overrideGrade({ authz: t.staff, assignment: t.w.assignment, unsafeSubmissionId: t.submission.id, grade: { kind: "clear_override", reason: "Back to the autograder" } });
    expect(cleared.submission).toMatchObject({ score: 6, overriddenAt: null, overriddenByUserId: null });
    expect(cleared.outbox?.scoreGiven).toBe(6);
    await t.submitAndGrade(7);
    expect((await t.reload()).score).toBe(7);
    await expect(
      overrideGrade({ authz: t.staff, assignment: t.w.assignment, unsafeSubmissionId: t.submission.id, grade: { kind: "clear_override", reason: "again" } }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("keeps scores within 0..points unless extra credit, and parses form input strictly", async () => {
    const t = await setUp();
    const form = (scoreText: string, extraCredit = false) =>
      overrideGradeFromForm({ authz: t.staff, assignment: t.w.assignment, unsafeSubmissionId: t.submission.id, scoreText, extraCredit, reason: "by hand" });
    await expect(form("25")).rejects.toMatchObject({ status: 400, fieldErrors: { score: [expect.stringContaining("extra credit")] } });
    await expect(form("1e9", true)).rejects.toMatchObject({ status: 400 });
    await expect(form("0x10", true)).rejects.toMatchObject({ status: 400 });
    await expect(
      updateSubmissionGrade({ authz: t.staff, submissionId: t.submission.id, grade: { kind: "override", score: 1e9, reason: "api", extraCredit: true } }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      updateSubmissionGrade({ authz: t.staff, submissionId: t.submission.id, grade: { kind: "override", score: -1, reason: "api" } }),
    ).rejects.toMatchObject({ status: 400 });
    expect((await t.reload()).score).toBeNull();
    expect(await t.outboxRows()).toHaveLength(0);
    expect((await form("12.5", true)).submission.score).toBe(12.5);
  });

  it("refuses overrides from students and from staff viewing as a student", async () => {
    const t = await setUp();
    const grade = { kind: "override" as const, score: 10, reason: "me" };
    await expect(updateSubmissionGrade({ authz: t.student, submissionId: t.submission.id, grade })).rejects.toMatchObject({ status: 404 });
    await viewAs(t.w.teacher, t.w.alice);
    const viewing = await requireCourseRole({ unsafeCourseId: t.w.course.id, roles: ALL_ROLES, session: (await resolveSessionToken(t.w.teacher.token, "header"))! });
    await expect(updateSubmissionGrade({ authz: viewing, submissionId: t.submission.id, grade })).rejects.toMatchObject({ status: 404 });
  });
});
