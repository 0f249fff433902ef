import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole, systemAuthz } from "@/lib/auth/authz";
import { ALL_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { selectGradeHistory, selectOptionalLatestGradingRun, updateSubmissionGrade } from "@/lib/models/grades";
import { claimGradingJob, MAX_GRADING_ATTEMPTS, submitSubmission } from "@/lib/models/grading-jobs";
import { insertReferenceCheck, selectReferenceCheck } from "@/lib/models/reference-checks";
import { ensureOwnSubmission, insertSubmissionVersion, selectOwnSubmission } from "@/lib/models/submissions";
import { loadStudentWork } from "@/lib/submissions/work";
import { SOLUTION, STARTER, world } from "@/lib/submissions/test-world";
import { CRASH_MESSAGE, runGradingJob } from "./grade";
import { SandboxPool } from "./sandbox";

withTestDatabase();
const pool = new SandboxPool({ size: 1 });
beforeAll(() => pool.warm(), 180_000);
afterAll(() => pool.close());

async function asStudent(w: Awaited<ReturnType<typeof world>>) {
  const session = (await resolveSessionToken(w.alice.token, "header"))!;
  const authz = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session });
  const submission = await ensureOwnSubmission({ authz, assignment: w.assignment });
  const reload = () => selectOwnSubmission({ session, unsafeSubmissionId: submission.id });
  return { session, authz, submission, reload };
}

describe("server grading", { timeout: 120_000 }, () => {
  it("grades a submission with all tests, shows students only the visible ones, and is idempotent", async () => {
    const w = await world();
    const s = await asStudent(w);
    const { job } = await submitSubmission({ authz: s.authz, assignment: w.assignment, submission: s.submission, files: [{ name: "main.py", content: SOLUTION }], clientSavedAt: null });
    expect(await runGradingJob({ jobId: job.id, pool })).toEqual({ outcome: "graded", jobId: job.id });
    expect(await runGradingJob({ jobId: job.id, pool })).toEqual({ outcome: "not_claimed" });

    const submission = await s.reload();
    expect(submission).toMatchObject({ status: "graded", score: 10, rawScore: 10, late: false, attempts: 1 });
    const run = await selectOptionalLatestGradingRun({ submission });
    expect(run?.results.map((r) => [r.name, r.status])).toEqual([
      ["test_freezing", "passed"],
      ["boiling", "passed"],
      ["test_negative", "passed"],
      ["prints boiling", "passed"],
      ["prints body temperature", "passed"],
    ]);
    const work = await loadStudentWork({ assignment: w.assignment, submission });
    expect(work.grade?.tests.map((t) => t.name)).toEqual(["test_freezing", "boiling", "prints boiling"]);
    expect(work.grade?.hidden).toEqual({ passed: 2, total: 2 });
    expect(JSON.stringify(work)).not.toMatch(/test_negative|body temperature|Secret/);

    const history = await selectGradeHistory({ submission });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ oldScore: null, newScore: 10, actorUserId: null });
  });

  it("gives partial credit, applies the late penalty and records the change in history", async () => {
    const w = await world({ dueAt: new Date(Date.now() - 60 * 60 * 1000) });
    const s = await asStudent(w);
    await insertSubmissionVersion({ authz: s.authz, submission: s.submission, files: [{ name: "main.py", content: STARTER }], kind: "autosave", clientSavedAt: null });
    const first = await submitSubmission({ authz: s.authz, assignment: w.assignment, submission: s.submission, files: [{ name: "main.py", content: STARTER }], clientSavedAt: null });
    await runGradingJob({ jobId: first.job.id, pool });
    let submission = await s.reload();
    expect(submission).toMatchObject({ score: 0, late: true, latePenaltyPercent: 10 });

    // Right function, wrong output format: the function tests pass (6 of 10 points), the I/O cases fail.
    const unformatted = SOLUTION.replace('print(f"{celsius_to_fahrenheit(value):.1f}")', 'print(celsius_to_fahrenheit(value), "F")');
    const second = await submitSubmission({ authz: s.authz, assignment: w.assignment, submission, files: [{ name: "main.py", content: unformatted }], clientSavedAt: null });
    await runGradingJob({ jobId: second.job.id, pool });
    submission = await s.reload();
    expect(submission).toMatchObject({ attempts: 2, rawScore: 6, score: 5.4, latePenaltyPercent: 10 });
    const history = await selectGradeHistory({ submission });
    expect(history.length).toBe(2);
  });

  it("reports a timeout as a grade with timed-out tests and the reason", async () => {
    const w = await world({ gradingTimeLimitMs: 1500 });
    const s = await asStudent(w);
    const loop = "def celsius_to_fahrenheit(c):\n    while True:\n        pass\n";
    const { job } = await submitSubmission({ authz: s.authz, assignment: w.assignment, submission: s.submission, files: [{ name: "main.py", content: loop }], clientSavedAt: null });
    await runGradingJob({ jobId: job.id, pool });
    const submission = await s.reload();
    const run = await selectOptionalLatestGradingRun({ submission });
    expect(submission.score).toBe(0);
    expect(run?.failure).toMatch(/Time limit exceeded/);
    expect(run?.results.some((r) => r.status === "timeout")).toBe(true);
  }, 60_000);

  it("does not let an older version's late result replace a newer grade", async () => {
    const w = await world();
    const s = await asStudent(w);
    const files = (content: string) => [{ name: "main.py", content }];
    const first = await submitSubmission({ authz: s.authz, assignment: w.assignment, submission: s.submission, files: files(STARTER), clientSavedAt: null });
    expect(await claimGradingJob(systemAuthz(), { jobId: first.job.id })).not.toBeNull();
    const second = await submitSubmission({ authz: s.authz, assignment: w.assignment, submission: await s.reload(), files: files(SOLUTION), clientSavedAt: null });
    expect(second.job.id).not.toBe(first.job.id);
    await runGradingJob({ jobId: second.job.id, pool });
    const stale = await updateSubmissionGrade({
      authz: systemAuthz(),
      submissionId: s.submission.id,
      grade: { kind: "grader", jobId: first.job.id, versionId: first.job.versionId!, results: [], failure: null, maxScore: 10, rawScore: 0, latePenaltyPercent: 0, score: 0, late: false },
    });
    expect(stale.applied).toBe(false);
    expect((await s.reload()).score).toBe(10);
  });

  it("keeps staff overrides in the same write path with who and why", async () => {
    const w = await world();
    const s = await asStudent(w);
    const teacherSession = (await resolveSessionToken(w.teacher.token, "header"))!;
    const staff = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session: teacherSession });
    await updateSubmissionGrade({ authz: staff, submissionId: s.submission.id, grade: { kind: "override", score: 7, reason: "Regrade request" } });
    await expect(
      updateSubmissionGrade({ authz: s.authz, submissionId: s.submission.id, grade: { kind: "override", score: 10, reason: "me" } }),
    ).rejects.toMatchObject({ status: 404 });
    const history = await selectGradeHistory({ submission: await s.reload() });
    expect(history[0]).toMatchObject({ newScore: 7, actorUserId: w.teacher.user.id, reason: "Regrade request" });
    let outboxCalls = 0;
    await updateSubmissionGrade({
      authz: systemAuthz(),
      submissionId: s.submission.id,
      grade: { kind: "override", score: 8, reason: "hook" },
      afterWrite: async () => void outboxCalls++,
    });
    expect(outboxCalls).toBe(1);
  });

  it("runs a reference check (draft tests too) in the real grader and stores per-test verdicts on the job", async () => {
    const w = await world();
    const session = (await resolveSessionToken(w.teacher.token, "header"))!;
    const staff = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session });
    const draft = {
      functionTests: [
        { kind: "call" as const, name: "pair", function: "pair", args: "[1, 'a']", expected: "(1, 'a')", points: 1, message: "", visibility: "hidden" as const },
        { kind: "call" as const, name: "list is not a tuple", function: "as_list", args: "[]", expected: "(1, 2)", points: 1, message: "", visibility: "visible" as const },
        { kind: "call" as const, name: "objects never pass", function: "weird", args: "[]", expected: "1", points: 1, message: "", visibility: "visible" as const },
      ],
      ioCases: [],
    };
    const files = [{ name: "main.py", content: "def pair(a, b):\n    return (a, b)\ndef as_list():\n    return [1, 2]\nclass Eq:\n    def __eq__(self, o):\n        return True\ndef weird():\n    return Eq()\n" }];
    const check = await insertReferenceCheck({ authz: staff, assignment: w.assignment, files, tests: draft });
    expect(await runGradingJob({ jobId: check.id, pool })).toEqual({ outcome: "graded", jobId: check.id });
    const done = await selectReferenceCheck({ authz: staff, assignment: w.assignment, unsafeCheckId: check.id });
    expect(done.status).toBe("done");
    expect(done.results?.map((r) => [r.name, r.status])).toEqual([
      ["pair", "passed"],
      ["list is not a tuple", "failed"],
      ["objects never pass", "failed"],
    ]);
    expect(done.results?.[1].message).toBe("as_list() returned [1, 2], expected (1, 2)");
    expect(done.results?.[2].message).toMatch(/returned a Eq object/);
  });

  it("lets an assert test import the student's module by name, as the browser's Check does (a two-file solution)", async () => {
    const w = await world();
    const session = (await resolveSessionToken(w.teacher.token, "header"))!;
    const staff = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session });
    const main = "import helpers\n\ndef total(numbers):\n    return sum(numbers)\n\nif __name__ == '__main__':\n    print(total(helpers.read_numbers()))\n";
    const helpers = "def read_numbers():\n    return [int(x) for x in input().split()]\n";
    const tests = {
      functionTests: [
        { kind: "call" as const, name: "sums a list", function: "total", args: "[[1, 2, 3]]", expected: "6", points: 1, message: "", visibility: "visible" as const },
        { kind: "assert" as const, name: "test_empty", code: "def test_empty():\n    from main import total\n    import main\n    assert total([]) == 0\n    assert main.total([5]) == 5\n", points: 2, message: "", visibility: "hidden" as const },
      ],
      ioCases: [{ name: "reads a line", stdin: "4 5 6\n", expectedStdout: "15\n", comparison: "trim" as const, points: 1, message: "", visibility: "hidden" as const }],
    };
    const files = [{ name: "main.py", content: main }, { name: "helpers.py", content: helpers }];
    const check = await insertReferenceCheck({ authz: staff, assignment: w.assignment, files, tests });
    expect(await runGradingJob({ jobId: check.id, pool })).toEqual({ outcome: "graded", jobId: check.id });
    const done = await selectReferenceCheck({ authz: staff, assignment: w.assignment, unsafeCheckId: check.id });
    expect(done.results?.map((r) => [r.name, r.status])).toEqual([
      ["sums a list", "passed"],
      ["test_empty", "passed"],
      ["reads a line", "passed"],
    ]);
  });

  it("grades 0 with a clear message once the grading process has died on every attempt, and never runs it again", async () => {
    const w = await world();
    const s = await asStudent(w);
    const { job } = await submitSubmission({ authz: s.authz, assignment: w.assignment, submission: s.submission, files: [{ name: "main.py", content: SOLUTION }], clientSavedAt: null });
    let runs = 0;
    const dying = { run: async () => (runs++, { cases: [], tests: [], failure: { kind: "crash" as const, message: "died" }, ms: 1 }) } as unknown as SandboxPool;
    for (let attempt = 1; attempt < MAX_GRADING_ATTEMPTS; attempt++) {
      expect(await runGradingJob({ jobId: job.id, pool: dying })).toEqual({ outcome: "retrying", jobId: job.id });
      await db().execute(sql`update grading_jobs set run_after = now() where id = ${job.id}`);
    }
    expect(await runGradingJob({ jobId: job.id, pool: dying })).toEqual({ outcome: "crashed", jobId: job.id });
    expect(runs).toBe(MAX_GRADING_ATTEMPTS);
    expect(await runGradingJob({ jobId: job.id, pool: dying })).toEqual({ outcome: "not_claimed" });
    const submission = await s.reload();
    expect(submission).toMatchObject({ status: "graded", score: 0 });
    expect((await selectOptionalLatestGradingRun({ submission }))?.failure).toBe(CRASH_MESSAGE);
  });
});
