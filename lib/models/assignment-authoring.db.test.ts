import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "@/db";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole } from "@/lib/auth/authz";
import { ALL_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { parseEditorPayload, toEditorValues } from "@/lib/assignments/editor-payload";
import { selectAssignment, selectAssignments } from "@/lib/models/assignments";
import { insertCourse, updateCourseSettings } from "@/lib/models/courses";
import { ensureEnrollment } from "@/lib/models/enrollments";
import { submitSubmission } from "@/lib/models/grading-jobs";
import { selectGradeHistory } from "@/lib/models/grades";
import { submitForStaffGrading } from "@/lib/models/staff-graded";
import { ensureOwnSubmission, selectOwnSubmission } from "@/lib/models/submissions";
import { FUNCTION_TESTS, IO_CASES, person, SOLUTION, STARTER, world } from "@/lib/submissions/test-world";
import {
  copyAssignments,
  deleteAssignment,
  insertAuthoredAssignment,
  restoreAssignment,
  selectStaffAssignment,
  SlugTakenError,
  toAssignmentContent,
  updateAssignmentContent,
} from "./assignment-authoring";

const database = withTestDatabase();

async function as(courseId: string, who: { token: string; user: { id: string } }, role: "instructor" | "ta" | "student" = "instructor") {
  await ensureEnrollment({ courseId, userId: who.user.id, role, source: "manual" });
  return requireCourseRole({ unsafeCourseId: courseId, roles: ALL_ROLES, session: (await resolveSessionToken(who.token, "header"))! });
}

const content = {
  kind: "python" as const,
  slug: "temperature",
  title: "Temperature",
  points: 10,
  status: "published" as const,
  gradedBy: "autograder" as const,
  instructions: "Convert.",
  starterFiles: [{ name: "main.py", content: STARTER }],
  readOnlyFiles: [],
  referenceFiles: [{ name: "main.py", content: SOLUTION }],
  functionTests: FUNCTION_TESTS,
  ioCases: IO_CASES,
  opensAt: null,
  dueAt: null,
  lockAt: null,
  latePolicy: { kind: "none" as const },
  attemptLimit: null,
  scoreCounting: "last" as const,
  gradingTimeLimitMs: 10_000,
};

describe("authoring assignments", () => {
  it("refuses the second of two saves based on the same revision, and keeps the first", async () => {
    const course = await insertCourse({ values: { title: "CS", code: null } });
    const authz = await as(course.id, await person("Ada"));
    const created = await insertAuthoredAssignment({ authz, content, groupId: null });
    await updateAssignmentContent({ authz, assignment: created, revision: created.revision, content: { ...content, points: 12 }, groupId: null });
    await expect(
      updateAssignmentContent({ authz, assignment: created, revision: created.revision, content: { ...content, title: "Lost?" }, groupId: null }),
    ).rejects.toMatchObject({ status: 409 });
    const now = await selectStaffAssignment({ authz, unsafeAssignmentId: created.id });
    expect([now.points, now.title, now.revision]).toEqual([12, "Temperature", created.revision + 1]);
    await expect(insertAuthoredAssignment({ authz, content, groupId: null })).rejects.toBeInstanceOf(SlugTakenError);
  });

  it("soft-deletes with undo; students never see drafts; TAs edit only when the course allows", async () => {
    const course = await insertCourse({ values: { title: "CS", code: null } });
    const authz = await as(course.id, await person("Ada"));
    const draft = await insertAuthoredAssignment({ authz, content: { ...content, status: "draft" }, groupId: null });
    const student = await as(course.id, await person("Sam"), "student");
    await expect(selectAssignment({ authz: student, unsafeAssignmentId: draft.id })).rejects.toMatchObject({ status: 404 });

    await deleteAssignment({ authz, assignment: draft });
    expect(await selectAssignments({ authz })).toEqual([]);
    const restored = await restoreAssignment({ authz, assignment: await selectStaffAssignment({ authz, unsafeAssignmentId: draft.id, includeDeleted: true }) });
    expect(restored.deletedAt).toBeNull();

    const tim = await person("Tim");
    const ta = await as(course.id, tim, "ta");
    await expect(updateAssignmentContent({ authz: ta, assignment: restored, revision: restored.revision, content, groupId: null })).rejects.toMatchObject({ status: 404 });
    await updateCourseSettings({ authz, values: { timeZone: "UTC", startsOn: null, taCanEdit: true } });
    const taNow = await as(course.id, tim, "ta");
    await updateAssignmentContent({ authz: taNow, assignment: restored, revision: restored.revision, content, groupId: null });
  });

  it("duplicates as a draft copy and copies from another course the caller teaches", async () => {
    const ada = await person("Ada");
    const a = await insertCourse({ values: { title: "A", code: null } });
    const b = await insertCourse({ values: { title: "B", code: null } });
    const inA = await as(a.id, ada);
    const inB = await as(b.id, ada);
    const source = await insertAuthoredAssignment({ authz: inA, content, groupId: null });
    const [dup] = await copyAssignments({ authz: inA, from: inA, sources: [source] });
    expect([dup.title, dup.slug, dup.publishedAt]).toEqual(["Temperature (copy)", "temperature-copy", null]);
    const [copied] = await copyAssignments({ authz: inB, from: inA, sources: [source] });
    expect({ ...toAssignmentContent(copied), status: "published" }).toEqual(toAssignmentContent(source));
    const stranger = await as(b.id, await person("Eve"));
    await expect(copyAssignments({ authz: stranger, from: stranger, sources: [source] })).rejects.toMatchObject({ status: 404 });
  });

  it("validates the editor's payload with field errors, in the course's time zone", async () => {
    const values = toEditorValues(content, null, "America/New_York");
    const json = (v: object) => JSON.stringify({ ...values, ...v });
    const { content: parsed } = parseEditorPayload(json({ dueAt: "2026-07-15T23:59" }), "America/New_York");
    expect(parsed.dueAt?.toISOString()).toBe("2026-07-16T03:59:00.000Z");
    const fields = (v: object) => {
      try {
        parseEditorPayload(json(v), "UTC");
      } catch (error) {
        return Object.keys((error as { fieldErrors: Record<string, string[]> }).fieldErrors);
      }
      return [];
    };
    expect(fields({ points: "0x10" })).toEqual(["points"]);
    expect(fields({ functionTests: [], ioCases: [] })).toEqual(["gradedBy"]);
    expect(fields({ dueAt: "2026-03-02T10:00", lockAt: "2026-03-01T10:00" })).toEqual(["lockAt"]);
    expect(fields({ functionTests: [{ ...FUNCTION_TESTS[0], name: "bad name" }] })).toEqual(["functionTests.0.name", "functionTests.0.code"]);
    expect(fields({ readOnlyFiles: ["main.py"] })).toEqual(["readOnlyFiles"]);
  });
});

describe("submitting", () => {
  it("refuses past the attempt limit, before the open date and once archived", async () => {
    const w = await world({ gradingTimeLimitMs: 10_000 });
    const alice = await as(w.course.id, w.alice, "student");
    const submission = await ensureOwnSubmission({ authz: alice, assignment: w.assignment });
    const files = [{ name: "main.py", content: SOLUTION }];
    const limited = { ...w.assignment, attemptLimit: 1 };
    await submitSubmission({ authz: alice, assignment: limited, submission, files, clientSavedAt: null });
    await expect(submitSubmission({ authz: alice, assignment: limited, submission, files: [{ name: "main.py", content: STARTER }], clientSavedAt: null })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining("all 1 submission"),
    });
    await expect(submitSubmission({ authz: alice, assignment: { ...w.assignment, opensAt: new Date(Date.now() + 86_400_000) }, submission, files, clientSavedAt: null })).rejects.toMatchObject({ status: 409 });
    await expect(submitSubmission({ authz: alice, assignment: { ...w.assignment, archivedAt: new Date() }, submission, files, clientSavedAt: null })).rejects.toMatchObject({ status: 409 });
  });

  it("graded by staff: the submission waits, with no grade and nothing for the LMS", async () => {
    const w = await world();
    const alice = await as(w.course.id, w.alice, "student");
    const assignment = { ...w.assignment, gradedBy: "staff" as const };
    const submission = await ensureOwnSubmission({ authz: alice, assignment });
    await submitForStaffGrading({ authz: alice, assignment, submission, files: [{ name: "main.py", content: SOLUTION }], clientSavedAt: null });
    const after = await selectOwnSubmission({ session: alice.session, unsafeSubmissionId: submission.id });
    expect([after.status, after.score, after.attempts]).toEqual(["submitted", null, 1]);
    expect(await selectGradeHistory({ submission: after })).toEqual([]);
    const outbox = await database.handle().db.select().from(schema.gradeOutbox).where(eq(schema.gradeOutbox.submissionId, after.id));
    expect(outbox).toEqual([]);
  });
});
