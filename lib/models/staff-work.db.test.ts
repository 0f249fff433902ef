import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "@/db";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole } from "@/lib/auth/authz";
import { ALL_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { insertPlacementSubmission } from "@/lib/submissions/testing/placements";
import { person, world } from "@/lib/submissions/test-world";
import { deleteCodeComment, insertCodeComment, selectOwnCodeComments, selectStaffCodeComments, updateCodeCommentBody, updateCodeCommentResolved } from "./code-comments";
import { insertCodingEvents } from "./coding-events";
import { ensureEnrollment } from "./enrollments";
import { selectAssignmentMemberWork, selectCourseMember, selectCourseSubmission, selectTimelinePage } from "./staff-work";
import { ensureOwnSubmission, insertSubmissionVersion } from "./submissions";
import { ensureCourseTestStudent, startViewingAs, stopViewingAs } from "./view-as";

const { statementsOf } = withTestDatabase();

const as = async (token: string, courseId: string) => requireCourseRole({ unsafeCourseId: courseId, roles: ALL_ROLES, session: (await resolveSessionToken(token, "header"))! });

async function setUp() {
  const w = await world();
  const ta = await person("Tara TA");
  await ensureEnrollment({ courseId: w.course.id, userId: ta.user.id, role: "ta", source: "manual" });
  const alice = await as(w.alice.token, w.course.id);
  const submission = await ensureOwnSubmission({ authz: alice, assignment: w.assignment });
  // Five saved versions a second apart, with a run between versions 2 and 3 and a paste before 5.
  const t0 = Date.parse("2026-03-01T10:00:00Z");
  for (let v = 1; v <= 5; v++) {
    await insertSubmissionVersion({ authz: alice, submission, files: [{ name: "main.py", content: `x = ${v}\nprint(x)\n` }], kind: v === 5 ? "submit" : "autosave", clientSavedAt: new Date(t0 + v * 1000) });
  }
  const event = (type: string, ms: number, data?: Record<string, unknown>) => ({ id: randomUUID(), sessionId: "s", type, clientTimestamp: new Date(t0 + ms), timezone: "UTC", data });
  await insertCodingEvents({ authz: alice, submission, events: [event("Run.Program", 2500), event("File.Edit", 2600), event("X-Paste", 4500, { size: 42 })] });
  return { w, alice, submission, teacher: await as(w.teacher.token, w.course.id), ta: await as(ta.token, w.course.id) };
}

describe("a student's work for staff", () => {
  it("pages the timeline: versions with the coding events between them, never the whole history at once", async () => {
    const { teacher, submission } = await setUp();
    const first = await selectTimelinePage({ authz: teacher, submission, afterVersion: 0, limit: 2 });
    expect(first.steps.map((s) => [s.version, s.events.map((e) => e.type)])).toEqual([[1, []], [2, []]]);
    expect(first.nextAfter).toBe(2);
    const second = await selectTimelinePage({ authz: teacher, submission, afterVersion: 2, limit: 2 });
    expect(second.steps.map((s) => [s.version, s.events.map((e) => e.type)])).toEqual([[3, ["Run.Program"]], [4, []]]);
    const last = await selectTimelinePage({ authz: teacher, submission, afterVersion: 4, limit: 2 });
    expect(last).toMatchObject({ nextAfter: null, steps: [{ version: 5, kind: "submit", events: [{ type: "X-Paste", detail: "42 characters" }] }] });
  });

  it("reads the assignment, the member and their work in every placement in one statement, newest first", async () => {
    const { w, teacher, submission } = await setUp();
    const placement = await insertPlacementSubmission({ courseId: w.course.id, assignmentId: w.assignment.id, userId: w.alice.user.id, updatedAt: new Date(Date.now() + 60_000) });
    const { result, statements } = await statementsOf(() => selectAssignmentMemberWork({ authz: teacher, unsafeAssignmentId: w.assignment.id, unsafeUserId: w.alice.user.id }));
    expect(statements).toHaveLength(1);
    expect(result.assignment).toEqual(w.assignment);
    expect(result.member).toMatchObject({ userId: w.alice.user.id, name: "Alice", role: "student", status: "active", isTestUser: false });
    expect(result.placements.map((p) => p.id)).toEqual([placement.id, submission.id]);
    // A member who never opened it: no placements, still found.
    expect(await selectAssignmentMemberWork({ authz: teacher, unsafeAssignmentId: w.assignment.id, unsafeUserId: w.bob.user.id })).toMatchObject({ placements: [], member: { userId: w.bob.user.id } });
    // A dropped student's work stays readable.
    await db().update(schema.enrollments).set({ status: "dropped" }).where(and(eq(schema.enrollments.userId, w.alice.user.id), eq(schema.enrollments.courseId, w.course.id)));
    expect((await selectAssignmentMemberWork({ authz: teacher, unsafeAssignmentId: w.assignment.id, unsafeUserId: w.alice.user.id })).member.status).toBe("dropped");
  });

  it("finds members and submissions only in the caller's course, and only for staff acting as themselves", async () => {
    const { w, alice, teacher, submission } = await setUp();
    const work = (authz: typeof teacher, unsafeAssignmentId: string, unsafeUserId: string) => selectAssignmentMemberWork({ authz, unsafeAssignmentId, unsafeUserId });
    await expect(work(alice, w.assignment.id, w.bob.user.id)).rejects.toMatchObject({ status: 404 });
    await expect(selectCourseMember({ authz: alice, unsafeUserId: w.bob.user.id })).rejects.toMatchObject({ status: 404 });
    await expect(selectCourseSubmission({ authz: alice, unsafeSubmissionId: submission.id })).rejects.toMatchObject({ status: 404 });
    await expect(selectTimelinePage({ authz: alice, submission, afterVersion: 0 })).rejects.toMatchObject({ status: 404 });
    const other = await world();
    const otherTeacher = await as(other.teacher.token, other.course.id);
    await expect(selectCourseSubmission({ authz: otherTeacher, unsafeSubmissionId: submission.id })).rejects.toMatchObject({ status: 404 });
    await expect(selectCourseMember({ authz: otherTeacher, unsafeUserId: w.alice.user.id })).rejects.toMatchObject({ status: 404 });
    await expect(selectCourseMember({ authz: teacher, unsafeUserId: "not-a-uuid" })).rejects.toMatchObject({ status: 404 });
    // Another course's assignment or student, a deleted assignment, malformed ids: 404, never another course's work.
    await expect(work(otherTeacher, w.assignment.id, w.alice.user.id)).rejects.toMatchObject({ status: 404, message: "No such assignment." });
    await expect(work(teacher, other.assignment.id, w.alice.user.id)).rejects.toMatchObject({ status: 404, message: "No such assignment." });
    await expect(work(teacher, w.assignment.id, other.alice.user.id)).rejects.toMatchObject({ status: 404, message: "No such student." });
    await expect(work(teacher, "not-a-uuid", w.alice.user.id)).rejects.toMatchObject({ status: 404 });
    await expect(work(teacher, w.assignment.id, "not-a-uuid")).rejects.toMatchObject({ status: 404 });
    await db().update(schema.assignments).set({ deletedAt: new Date() }).where(eq(schema.assignments.id, w.assignment.id));
    await expect(work(teacher, w.assignment.id, w.alice.user.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe("comments on lines of code", () => {
  it("staff comment on lines of a version; the student sees them with the lines as they were", async () => {
    const { w, alice, teacher, submission } = await setUp();
    const c = await insertCodeComment({ authz: teacher, submission, version: 2, fileName: "main.py", startLine: 1, endLine: 2, body: "  Name this **better**  " });
    expect(c.body).toBe("Name this **better**");
    const own = await selectOwnCodeComments({ authz: alice, submission });
    expect(own).toMatchObject([{ id: c.id, version: 2, startLine: 1, endLine: 2, snippet: ["x = 2", "print(x)"], authorName: null, resolved: false }]);
    await db().update(schema.courses).set({ showGraderNames: true }).where(eq(schema.courses.id, w.course.id));
    expect((await selectOwnCodeComments({ authz: alice, submission }))[0].authorName).toBe("Teacher");
    // Another student cannot read them.
    const bob = await as(w.bob.token, w.course.id);
    await expect(selectOwnCodeComments({ authz: bob, submission })).rejects.toMatchObject({ status: 404 });
  });

  it("refuses comments on lines, files or versions that do not exist, and empty ones", async () => {
    const { teacher, submission } = await setUp();
    const base = { authz: teacher, submission, version: 1, fileName: "main.py", startLine: 1, endLine: 1, body: "ok" };
    await expect(insertCodeComment({ ...base, endLine: 4 })).rejects.toMatchObject({ status: 400 });
    await expect(insertCodeComment({ ...base, startLine: 0 })).rejects.toMatchObject({ status: 400 });
    await expect(insertCodeComment({ ...base, startLine: 2, endLine: 1 })).rejects.toMatchObject({ status: 400 });
    await expect(insertCodeComment({ ...base, fileName: "other.py" })).rejects.toMatchObject({ status: 400 });
    await expect(insertCodeComment({ ...base, version: 99 })).rejects.toMatchObject({ status: 404 });
    await expect(insertCodeComment({ ...base, body: "   " })).rejects.toMatchObject({ status: 400 });
    await expect(insertCodeComment({ ...base, body: "x".repeat(5001) })).rejects.toMatchObject({ status: 400 });
    expect(await selectStaffCodeComments({ authz: teacher, submission })).toEqual([]);
  });

  it("lets authors and instructors edit and delete, any staff resolve; students and viewers nothing", async () => {
    const { alice, teacher, ta, submission } = await setUp();
    const byTeacher = await insertCodeComment({ authz: teacher, submission, version: 1, fileName: "main.py", startLine: 1, endLine: 1, body: "teacher" });
    const byTa = await insertCodeComment({ authz: ta, submission, version: 1, fileName: "main.py", startLine: 2, endLine: 2, body: "ta" });
    await expect(updateCodeCommentBody({ authz: ta, submission, unsafeCommentId: byTeacher.id, body: "hijack" })).rejects.toMatchObject({ status: 404 });
    await expect(deleteCodeComment({ authz: ta, submission, unsafeCommentId: byTeacher.id })).rejects.toMatchObject({ status: 404 });
    expect((await updateCodeCommentBody({ authz: teacher, submission, unsafeCommentId: byTa.id, body: "edited" })).after.body).toBe("edited");
    expect((await updateCodeCommentResolved({ authz: ta, submission, unsafeCommentId: byTeacher.id, resolved: true })).resolvedAt).not.toBeNull();
    await expect(insertCodeComment({ authz: alice, submission, version: 1, fileName: "main.py", startLine: 1, endLine: 1, body: "me" })).rejects.toMatchObject({ status: 404 });
    await expect(deleteCodeComment({ authz: alice, submission, unsafeCommentId: byTa.id })).rejects.toMatchObject({ status: 404 });
    await deleteCodeComment({ authz: ta, submission, unsafeCommentId: byTa.id });
    const left = await selectStaffCodeComments({ authz: teacher, submission });
    expect(left.map((c) => [c.body, c.resolved, c.mine])).toEqual([["teacher", true, true]]);
    // Deleted comments stay in the table (soft delete) but nobody sees them.
    const [row] = await db().select().from(schema.codeComments).where(and(eq(schema.codeComments.id, byTa.id)));
    expect(row.deletedAt).not.toBeNull();
  });
});

describe("view as student", () => {
  it("shows the course as the student, refuses writes, and ends cleanly", async () => {
    const { w, teacher, submission } = await setUp();
    const member = await selectCourseMember({ authz: teacher, unsafeUserId: w.alice.user.id });
    await startViewingAs({ authz: teacher, member });
    const viewing = await as(w.teacher.token, w.course.id);
    expect(viewing).toMatchObject({ viewingAs: true, role: "student" });
    expect(viewing.session.effectiveUser.id).toBe(w.alice.user.id);
    // What the student sees, and no staff reads or writes.
    expect(await selectOwnCodeComments({ authz: viewing, submission })).toEqual([]);
    await expect(insertSubmissionVersion({ authz: viewing, submission, files: [{ name: "main.py", content: "hacked" }], kind: "autosave", clientSavedAt: null })).rejects.toMatchObject({ status: 403 });
    await expect(insertCodeComment({ authz: viewing, submission, version: 1, fileName: "main.py", startLine: 1, endLine: 1, body: "x" })).rejects.toMatchObject({ status: 404 });
    await expect(selectCourseMember({ authz: viewing, unsafeUserId: w.bob.user.id })).rejects.toMatchObject({ status: 404 });
    await stopViewingAs({ session: viewing.session });
    expect(await as(w.teacher.token, w.course.id)).toMatchObject({ viewingAs: false, role: "instructor" });
  });

  it("only for students and mentors of the course; a test student is made once per course", async () => {
    const { w, teacher, ta } = await setUp();
    await expect(startViewingAs({ authz: ta, member: await selectCourseMember({ authz: ta, unsafeUserId: w.teacher.user.id }) })).rejects.toMatchObject({ status: 400 });
    const test1 = await ensureCourseTestStudent({ authz: teacher });
    const test2 = await ensureCourseTestStudent({ authz: ta });
    expect(test1).toMatchObject({ userId: test2.userId, isTestUser: true, role: "student" });
    await startViewingAs({ authz: teacher, member: test1 });
    expect((await as(w.teacher.token, w.course.id)).session.effectiveUser.id).toBe(test1.userId);
  });
});
