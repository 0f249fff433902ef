import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "@/db";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole, systemAuthz } from "@/lib/auth/authz";
import { ALL_ROLES, STAFF_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { overrideGrade } from "@/lib/passback/override";
import { insertPlacementSubmission } from "@/lib/submissions/testing/placements";
import { person, SOLUTION, viewAs, world } from "@/lib/submissions/test-world";
import { insertAssignment, selectAssignments } from "./assignments";
import { ensureEnrollment } from "./enrollments";
import { selectGradebook } from "./gradebook";
import { updateSubmissionGrade } from "./grades";
import { submitSubmission } from "./grading-jobs";
import { ensureOwnSubmission } from "./submissions";

withTestDatabase();

const authzFor = async (token: string, courseId: string, roles = ALL_ROLES) =>
  requireCourseRole({ unsafeCourseId: courseId, roles, session: (await resolveSessionToken(token, "header"))! });

async function setUp() {
  const w = await world();
  const second = await insertAssignment({ authz: systemAuthz(), courseId: w.course.id, values: { title: "Second", points: 5, publishedAt: new Date(), position: 1 } });
  const staff = await authzFor(w.teacher.token, w.course.id, STAFF_ROLES);
  const alice = await authzFor(w.alice.token, w.course.id);
  const submission = await ensureOwnSubmission({ authz: alice, assignment: w.assignment });
  const { job } = await submitSubmission({ authz: alice, assignment: w.assignment, submission, files: [{ name: "main.py", content: SOLUTION }], clientSavedAt: null });
  await updateSubmissionGrade({
    authz: systemAuthz(),
    submissionId: submission.id,
    grade: { kind: "grader", jobId: job.id, versionId: job.versionId!, results: [], failure: null, maxScore: 10, rawScore: 6, latePenaltyPercent: 0, score: 6, late: true },
  });
  return { w, second, staff, alice, submission };
}

describe("gradebook", () => {
  it("shows every student × assignment with the counting score and its marks, in one page", async () => {
    const { w, second, staff, submission } = await setUp();
    // A member on the LMS roster who never launched still has a row.
    const pending = await person("Zed Pending");
    await ensureEnrollment({ courseId: w.course.id, userId: pending.user.id, role: "student", source: "roster" });
    await overrideGrade({ authz: staff, assignment: w.assignment, unsafeSubmissionId: submission.id, grade: { kind: "override", score: 9, reason: "Hand-checked" } });
    await db().update(schema.gradeOutbox).set({ status: "failed", statusReason: "The LMS said no" }).where(eq(schema.gradeOutbox.submissionId, submission.id));

    const assignments = await selectAssignments({ authz: staff });
    const { rows, total } = await selectGradebook({ authz: staff, assignments });
    expect(total).toBe(3);
    expect(rows.map((r) => r.name)).toEqual(["Alice", "Bob", "Zed Pending"]);
    expect(rows[0].cells[w.assignment.id]).toMatchObject({ submissionId: submission.id, score: 9, overridden: true, late: true, status: "graded", grading: false, sync: "failed", syncReason: "The LMS said no" });
    expect(rows[0].cells[second.id]).toBeUndefined();
    expect(rows[1].cells).toEqual({});
    expect(rows[2].lastLaunchAt).toBeNull();
  });

  it("marks cells being graded", async () => {
    const { w, alice, staff } = await setUp();
    const bob = await authzFor(w.bob.token, w.course.id);
    const bobs = await ensureOwnSubmission({ authz: bob, assignment: w.assignment });
    await submitSubmission({ authz: bob, assignment: w.assignment, submission: bobs, files: [{ name: "main.py", content: "x = 1" }], clientSavedAt: null });
    const { rows } = await selectGradebook({ authz: staff, assignments: await selectAssignments({ authz: alice }) });
    expect(rows.find((r) => r.name === "Bob")!.cells[w.assignment.id]).toMatchObject({ grading: true, score: null, status: "submitted" });
  });

  it("sorts by an assignment's score or the total, filters, searches and pages", async () => {
    const { w, staff } = await setUp();
    const assignments = await selectAssignments({ authz: staff });
    const names = async (args: Partial<Parameters<typeof selectGradebook>[0]>) =>
      (await selectGradebook({ authz: staff, assignments, ...args })).rows.map((r) => r.name);
    expect(await names({ sort: { by: { assignmentId: w.assignment.id }, dir: "desc" } })).toEqual(["Alice", "Bob"]);
    expect(await names({ sort: { by: "total", dir: "asc" } })).toEqual(["Alice", "Bob"]); // no score sorts last either way
    expect(await names({ sort: { by: "name", dir: "desc" } })).toEqual(["Bob", "Alice"]);
    expect(await names({ filters: { search: "ali" } })).toEqual(["Alice"]);
    expect(await names({ filters: { search: "%" } })).toEqual([]);
    expect(await names({ filters: { role: "instructor" } })).toEqual(["Teacher"]);
    await db().update(schema.enrollments).set({ status: "dropped" }).where(eq(schema.enrollments.userId, w.bob.user.id));
    expect(await names({ filters: { status: "dropped" } })).toEqual(["Bob"]);
    const page2 = await selectGradebook({ authz: staff, assignments, limit: 1, offset: 1 });
    expect(page2).toMatchObject({ total: 2, rows: [{ name: "Bob" }] });
    // An unknown sort column falls back to names rather than failing.
    expect(await names({ sort: { by: { assignmentId: "00000000-0000-4000-8000-000000000000" }, dir: "asc" } })).toEqual(["Alice", "Bob"]);
  });

  it("counts the most recently changed LMS placement, in the cells, the total and both score sorts", async () => {
    const { w, second, staff, submission } = await setUp();
    const assignments = await selectAssignments({ authz: staff });
    const bob = await authzFor(w.bob.token, w.course.id);
    const bobs = await ensureOwnSubmission({ authz: bob, assignment: w.assignment });
    await db().update(schema.submissions).set({ score: 4, status: "graded" }).where(eq(schema.submissions.id, bobs.id));
    // Alice's 6 in Lantern's own placement is older than a 3 from another placement, and she has 5 on the second.
    const later = await insertPlacementSubmission({ courseId: w.course.id, assignmentId: w.assignment.id, userId: w.alice.user.id, updatedAt: new Date(Date.now() + 60_000), score: 3 });
    await insertPlacementSubmission({ courseId: w.course.id, assignmentId: second.id, userId: w.alice.user.id, updatedAt: new Date(), score: 5 });
    const { rows } = await selectGradebook({ authz: staff, assignments, sort: { by: "total", dir: "desc" } });
    expect(rows.map((r) => [r.name, r.cells[w.assignment.id]?.submissionId, r.cells[w.assignment.id]?.score])).toEqual([["Alice", later.id, 3], ["Bob", bobs.id, 4]]);
    expect(submission.id).not.toBe(later.id);
    // Sorting by the first assignment, or by the total of it alone, uses Alice's 3 (not her older 6, nor 6 + 3).
    const byFirst = await selectGradebook({ authz: staff, assignments, sort: { by: { assignmentId: w.assignment.id }, dir: "desc" } });
    expect(byFirst.rows.map((r) => r.name)).toEqual(["Bob", "Alice"]);
    const byTotalAsc = await selectGradebook({ authz: staff, assignments: [w.assignment], sort: { by: "total", dir: "asc" } });
    expect(byTotalAsc.rows.map((r) => r.name)).toEqual(["Alice", "Bob"]);
  });

  it("is staff-only: students, staff viewing as a student, and other courses' assignments get nothing", async () => {
    const { w, alice, staff } = await setUp();
    await expect(selectGradebook({ authz: alice, assignments: [] })).rejects.toMatchObject({ status: 404 });
    const other = await world();
    const foreign = await selectAssignments({ authz: await authzFor(other.teacher.token, other.course.id) });
    const { rows } = await selectGradebook({ authz: staff, assignments: foreign });
    expect(rows.every((r) => Object.keys(r.cells).length === 0)).toBe(true);
    await viewAs(w.teacher, w.alice);
    await expect(selectGradebook({ authz: await authzFor(w.teacher.token, w.course.id), assignments: [] })).rejects.toMatchObject({ status: 404 });
  });
});
