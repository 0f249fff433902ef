import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "@/db";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole, systemAuthz } from "@/lib/auth/authz";
import { ALL_ROLES, STAFF_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { SOLUTION, world } from "@/lib/submissions/test-world";
import { selectAssignments } from "./assignments";
import { insertCodingEvents } from "./coding-events";
import { selectAssignmentProgress, selectCourseActivity, selectRecentSubmissions, selectStudentsNeedingHelp } from "./course-dashboard";
import { updateSubmissionGrade } from "./grades";
import { submitSubmission } from "./grading-jobs";
import { ensureOwnSubmission } from "./submissions";

withTestDatabase();

const authzFor = async (token: string, courseId: string, roles = ALL_ROLES) =>
  requireCourseRole({ unsafeCourseId: courseId, roles, session: (await resolveSessionToken(token, "header"))! });

async function setUp() {
  const w = await world();
  const staff = await authzFor(w.teacher.token, w.course.id, STAFF_ROLES);
  const alice = await authzFor(w.alice.token, w.course.id);
  const submission = await ensureOwnSubmission({ authz: alice, assignment: w.assignment });
  const { job } = await submitSubmission({ authz: alice, assignment: w.assignment, submission, files: [{ name: "main.py", content: SOLUTION }], clientSavedAt: null });
  await updateSubmissionGrade({
    authz: systemAuthz(),
    submissionId: submission.id,
    grade: { kind: "grader", jobId: job.id, versionId: job.versionId!, results: [], failure: null, maxScore: 10, rawScore: 3, latePenaltyPercent: 0, score: 3, late: true },
  });
  return { w, staff, alice, submission };
}

describe("course dashboard", () => {
  it("counts submitted, graded and late work per assignment and bins the counting scores", async () => {
    const { w, staff } = await setUp();
    const [progress] = await selectAssignmentProgress({ authz: staff, assignments: await selectAssignments({ authz: staff }) });
    expect(progress).toMatchObject({ assignmentId: w.assignment.id, students: 2, started: 1, submitted: 1, graded: 1, late: 1, awaitingGrade: 0 });
    // 3 of 10 points falls in the 30–40% bin.
    expect(progress.distribution).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it("counts coding events per day in the course's time zone, every day present", async () => {
    const { staff, alice, submission } = await setUp();
    const now = new Date("2026-03-10T12:00:00Z");
    const event = (iso: string, type = "Run.Program") => ({ id: randomUUID(), sessionId: "s", type, clientTimestamp: new Date(iso), timezone: "UTC" });
    await insertCodingEvents({ authz: alice, submission, events: [event("2026-03-10T08:00:00Z"), event("2026-03-10T09:00:00Z"), event("2026-03-08T10:00:00Z"), event("2026-01-01T10:00:00Z")] });
    const days = await selectCourseActivity({ authz: staff, days: 3, now });
    expect(days).toEqual([
      { day: "2026-03-08", events: 1, students: 1 },
      { day: "2026-03-09", events: 0, students: 0 },
      { day: "2026-03-10", events: 2, students: 1 },
    ]);
  });

  it("lists students with no activity, many failing runs or low scores, and the recent submissions", async () => {
    const { w, staff, alice, submission } = await setUp();
    const now = new Date();
    await db().update(schema.enrollments).set({ lastLaunchAt: now }).where(eq(schema.enrollments.userId, w.alice.user.id));
    const errors = Array.from({ length: 10 }, () => ({ id: randomUUID(), sessionId: "s", type: "Run.Error", clientTimestamp: now, timezone: "UTC" }));
    await insertCodingEvents({ authz: alice, submission, events: errors });
    const help = await selectStudentsNeedingHelp({ authz: staff, now });
    expect(help).toEqual([
      { userId: w.alice.user.id, name: "Alice", email: null, reasons: [{ kind: "failing", runs: 10 }, { kind: "low_score", fraction: 0.3 }] },
      { userId: w.bob.user.id, name: "Bob", email: null, reasons: [{ kind: "inactive", lastActivityAt: null }] },
    ]);
    const recent = await selectRecentSubmissions({ authz: staff });
    expect(recent).toMatchObject([{ submissionId: submission.id, userId: w.alice.user.id, score: 3, late: true }]);
  });

  it("is for staff only", async () => {
    const { alice } = await setUp();
    await expect(selectStudentsNeedingHelp({ authz: alice })).rejects.toMatchObject({ status: 404 });
    await expect(selectCourseActivity({ authz: alice })).rejects.toMatchObject({ status: 404 });
  });
});
