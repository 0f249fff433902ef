import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import * as notebookGrades from "@/app/api/v1/courses/[courseId]/notebook-grades/route";
import { db, schema } from "@/db";
import { withTestDatabase } from "@/db/testing/test-database";
import { createApiToken } from "@/lib/auth/api-tokens";
import { requireCourseRole, systemAuthz } from "@/lib/auth/authz";
import { ALL_ROLES, type ApiScope } from "@/lib/auth/roles";
import { createSession, resolveSessionToken } from "@/lib/auth/session";
import { exchangeCourse, exchangeMember } from "@/lib/exchange/testing/fixtures";
import { insertNotebookAssignment } from "@/lib/models/assignment-authoring";
import { ensureExchangeUser } from "@/lib/models/exchange-members";

// POST /api/v1/courses/{courseId}/notebook-grades: nbgrader scores as JSON, through the grades CSV's plan and the
// same grade path (history, outbox).

vi.mock("next/headers", () => ({
  headers: async () => new Headers((globalThis as { __apiAuthorization?: string }).__apiAuthorization ? { authorization: (globalThis as { __apiAuthorization?: string }).__apiAuthorization! } : {}),
  cookies: async () => ({ get: () => undefined }),
}));
vi.mock("@/lib/passback/notify", () => ({ notifyGradeChanges: async () => {} }));
withTestDatabase();

async function post(authorization: string, courseId: string, body: unknown) {
  (globalThis as { __apiAuthorization?: string }).__apiAuthorization = authorization;
  const res = await notebookGrades.POST(
    new Request("http://localhost:3000/api/v1/x", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    { params: Promise.resolve({ courseId }) },
  );
  return { status: res.status, json: await res.json() };
}

async function bearer(userId: string, scopes: ApiScope[]) {
  const { token } = await createApiToken({ authz: systemAuthz("cli"), userId, name: "test", scopes, expiresInDays: 1 });
  return `Bearer ${token}`;
}

describe("POST /api/v1/courses/{courseId}/notebook-grades", () => {
  it("plans on a dry run, then writes new scores to the outbox; refuses students, read-only tokens and bad bodies", async () => {
    const course = await exchangeCourse("API NB");
    const teacher = await exchangeMember(course, "instructor", "Ada Teacher");
    const kim = await exchangeMember(course, "student", "Kim Student", "kim@example.edu");
    const { username } = await ensureExchangeUser({ user: kim.user });
    const { token } = await createSession({ userId: teacher.user.id, kind: "test" });
    const staff = await requireCourseRole({ unsafeCourseId: course.id, roles: ALL_ROLES, session: (await resolveSessionToken(token, "header"))! });
    const assignment = await insertNotebookAssignment({ authz: staff, title: "Week 2", slug: "week2", points: 20, dueAt: null });
    const grades = [
      { assignment: "week2", studentId: username, score: 4.5, maxScore: 9 },
      { assignment: "week2", studentId: "nobody", score: 1, maxScore: 9 },
    ];

    const writer = await bearer(teacher.user.id, ["grades:write"]);
    const dry = await post(writer, course.id, { grades, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ sent: 0, items: [{ index: 0, outcome: "send", score: 10, assignmentId: assignment.id, userId: kim.user.id }, { index: 1, outcome: "problem" }] });
    const rowsOf = () => db().select().from(schema.submissions).where(eq(schema.submissions.assignmentId, assignment.id));
    expect(await rowsOf()).toEqual([]);

    // Refusals change nothing: a student (404, as for any course they may not manage), a token without grades:write
    // (403), a body that is not nbgrader scores (400 naming the field).
    expect((await post(await bearer(kim.user.id, ["grades:write"]), course.id, { grades })).status).toBe(404);
    expect((await post(await bearer(teacher.user.id, ["read"]), course.id, { grades })).status).toBe(403);
    const bad = await post(writer, course.id, { grades: [{ assignment: "week2", studentId: username, score: 1, maxScore: 0 }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.error)).toContain("maxScore");
    expect(await rowsOf()).toEqual([]);

    const sent = await post(writer, course.id, { grades });
    expect(sent.json.sent).toBe(1);
    const [row] = await rowsOf();
    expect(row).toMatchObject({ userId: kim.user.id, score: 10 });
    expect(await db().select().from(schema.gradeOutbox).where(eq(schema.gradeOutbox.submissionId, row.id))).toEqual([
      expect.objectContaining({ scoreGiven: 10, scoreMaximum: 20 }),
    ]);
    expect((await post(writer, course.id, { grades })).json).toMatchObject({ sent: 0, items: [{ outcome: "unchanged" }, { outcome: "problem" }] });
  });
});
