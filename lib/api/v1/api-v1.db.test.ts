import { describe, expect, it, vi } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { createApiToken, resolveApiToken } from "@/lib/auth/api-tokens";
import { requireCourseRole, systemAuthz } from "@/lib/auth/authz";
import { ALL_ROLES, type ApiScope } from "@/lib/auth/roles";
import { hashToken, resolveSessionToken } from "@/lib/auth/session";
import { API_V1 } from "@/lib/api/v1/routes";
import { selectAuditEvents } from "@/lib/models/audit-log";
import { insertApiToken, selectApiTokens, updateApiTokenRevoked } from "@/lib/models/api-tokens";
import { selectAssignment } from "@/lib/models/assignments";
import { ensureOwnSubmission } from "@/lib/models/submissions";
import { updateUserActive, updateUserSiteRoles } from "@/lib/models/users";
import { person, world } from "@/lib/submissions/test-world";
import * as submissionsRoute from "@/app/api/submissions/[submissionId]/route";
import * as courses from "@/app/api/v1/courses/route";
import * as course from "@/app/api/v1/courses/[courseId]/route";
import * as assignments from "@/app/api/v1/courses/[courseId]/assignments/route";
import * as members from "@/app/api/v1/courses/[courseId]/members/route";
import * as submissions from "@/app/api/v1/courses/[courseId]/assignments/[assignmentId]/submissions/route";
import * as grades from "@/app/api/v1/courses/[courseId]/assignments/[assignmentId]/grades/route";
import * as gradeSync from "@/app/api/v1/courses/[courseId]/assignments/[assignmentId]/grade-sync/route";
import * as submission from "@/app/api/v1/courses/[courseId]/submissions/[submissionId]/route";
import * as versions from "@/app/api/v1/courses/[courseId]/submissions/[submissionId]/versions/route";
import * as version from "@/app/api/v1/courses/[courseId]/submissions/[submissionId]/versions/[version]/route";
import * as grade from "@/app/api/v1/courses/[courseId]/submissions/[submissionId]/grade/route";
import * as notebookGrades from "@/app/api/v1/courses/[courseId]/notebook-grades/route";

const current = globalThis as unknown as { __apiAuthorization?: string };
vi.mock("next/headers", () => ({
  headers: async () => new Headers((globalThis as { __apiAuthorization?: string }).__apiAuthorization ? { authorization: (globalThis as { __apiAuthorization?: string }).__apiAuthorization! } : {}),
  cookies: async () => ({ get: () => undefined }),
}));
vi.mock("@/lib/passback/notify", () => ({ notifyGradeChanges: async () => {} }));
withTestDatabase();

type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function api(
  authorization: string | null,
  fn: Route,
  { method = "GET", params = {}, body, headers = {} }: { method?: string; params?: Record<string, string>; body?: unknown; headers?: Record<string, string> } = {},
) {
  current.__apiAuthorization = authorization ?? undefined;
  const init: RequestInit = { method, headers: { "content-type": "application/json", ...headers } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fn(new Request("http://localhost:3000/api/v1/x", init), { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, etag: res.headers.get("etag"), json: text ? JSON.parse(text) : null };
}

async function tokenFor(userId: string, scopes: ApiScope[] = ["read"]) {
  const { token } = await createApiToken({ authz: systemAuthz("cli"), userId, name: "test", scopes, expiresInDays: 30 });
  return `Bearer ${token}`;
}

/** A course with a teacher, two students (Alice with a submission), and an outsider; tokens for each. */
async function setup() {
  const w = await world();
  const outsider = await person("Outsider");
  const aliceSession = (await resolveSessionToken(w.alice.token, "cookie"))!;
  const aliceAuthz = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session: aliceSession });
  const assignment = await selectAssignment({ authz: aliceAuthz, unsafeAssignmentId: w.assignment.id });
  const aliceSubmission = await ensureOwnSubmission({ authz: aliceAuthz, assignment });
  return {
    w,
    aliceSubmission,
    teacher: await tokenFor(w.teacher.user.id, ["read", "grades:write"]),
    alice: await tokenFor(w.alice.user.id, ["read", "grades:write"]),
    bob: await tokenFor(w.bob.user.id),
    outsider: await tokenFor(outsider.user.id, ["read", "grades:write"]),
  };
}

describe("personal API tokens", () => {
  it("are stored only as a hash, resolve to their user, and stop working when revoked", async () => {
    const alice = await person("Alice");
    const { token, row } = await createApiToken({ authz: systemAuthz("cli"), userId: alice.user.id, name: "ci", scopes: ["read"], expiresInDays: 7 });
    expect(token).toMatch(/^lnt_[A-Za-z0-9_-]{43}$/);
    expect(row).not.toHaveProperty("tokenHash");
    expect(JSON.stringify(row)).not.toContain(token.slice(4));
    expect(row.prefix).toBe(token.slice(0, 10));
    const session = await resolveApiToken(token);
    expect(session).toMatchObject({ user: { id: alice.user.id }, via: "header", apiToken: { id: row.id, scopes: ["read"] } });
    expect(await resolveApiToken(token + "x")).toBeNull();
    expect((await selectApiTokens({ authz: { kind: "user", session: session! } }))[0].lastUsedAt).not.toBeNull();

    const bob = await person("Bob");
    const bobSession = (await resolveSessionToken(bob.token, "cookie"))!;
    await expect(updateApiTokenRevoked({ authz: { kind: "user", session: bobSession }, unsafeTokenId: row.id })).rejects.toMatchObject({ status: 404 });
    expect(await resolveApiToken(token)).not.toBeNull();
    await updateApiTokenRevoked({ authz: { kind: "user", session: session! }, unsafeTokenId: row.id });
    expect(await resolveApiToken(token)).toBeNull();
  });

  it("stop working after expiry and while their user is deactivated", async () => {
    const carol = await person("Carol");
    const expired = "lnt_expired_token_for_test_000000000000000000";
    await insertApiToken({
      authz: systemAuthz("cli"),
      userId: carol.user.id,
      values: { name: "old", tokenHash: hashToken(expired), prefix: expired.slice(0, 10), scopes: ["read"], expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await resolveApiToken(expired)).toBeNull();
    const live = await tokenFor(carol.user.id);
    expect(await resolveApiToken(live.slice(7))).not.toBeNull();
    await updateUserActive({ authz: systemAuthz("cli"), userId: carol.user.id, active: false });
    expect(await resolveApiToken(live.slice(7))).toBeNull();
    expect((await api(live, courses.GET)).status).toBe(401);
  });

  it("are refused where their scope is missing and on routes that take no tokens", async () => {
    const { w, aliceSubmission } = await setup();
    const exchangeOnly = await tokenFor(w.teacher.user.id, ["exchange"]);
    expect(await api(exchangeOnly, courses.GET)).toMatchObject({ status: 403, json: { error: { code: "forbidden" } } });
    const readOnly = await tokenFor(w.teacher.user.id, ["read"]);
    const put = await api(readOnly, grade.PUT, {
      method: "PUT",
      params: { courseId: w.course.id, submissionId: aliceSubmission.id },
      body: { score: 5, reason: "x" },
    });
    expect(put.status).toBe(403);
    // The editor's own endpoints authenticate browser sessions only.
    const alice = await tokenFor(w.alice.user.id, ["read"]);
    expect((await api(alice, submissionsRoute.GET, { params: { submissionId: aliceSubmission.id } })).status).toBe(401);
    expect((await api(null, courses.GET)).status).toBe(401);
    expect((await api("token lnt_unknown", courses.GET)).status).toBe(401);
  });

  it("are accepted as `Authorization: token …` (nbgrader's header) as well as Bearer", async () => {
    const { w, bob } = await setup();
    const res = await api(`token ${bob.slice(7)}`, courses.GET);
    expect(res.status).toBe(200);
    expect(res.json.items.map((c: { id: string }) => c.id)).toEqual([w.course.id]);
  });
});

describe("/api/v1 authorization", () => {
  it("answers every route for staff, 404s outsiders, and keeps students to their own work", async () => {
    const t = await setup();
    const { w } = t;
    const c = { courseId: w.course.id };
    const a = { ...c, assignmentId: w.assignment.id };
    const sub = { ...c, submissionId: t.aliceSubmission.id };
    // Each operation, how to call it, and who gets what: [teacher, alice (owner), bob (other student), outsider].
    const table: [string, Route, Record<string, string>, number[], { method?: string; body?: unknown }?][] = [
      ["getCourse", course.GET, c, [200, 200, 200, 404]],
      ["listAssignments", assignments.GET, c, [200, 200, 200, 404]],
      ["listMembers", members.GET, c, [200, 404, 404, 404]],
      ["listSubmissions", submissions.GET, a, [200, 200, 200, 404]],
      ["getSubmission", submission.GET, sub, [200, 200, 404, 404]],
      ["listVersions", versions.GET, sub, [200, 200, 404, 404]],
      ["getVersion", version.GET, { ...sub, version: "1" }, [404, 404, 404, 404]],
      ["listGrades", grades.GET, a, [200, 200, 200, 404]],
      ["listGradeSync", gradeSync.GET, a, [200, 404, 404, 404]],
      // Bob's token lacks grades:write, so he is refused for the scope before his role is looked at.
      ["putGrade", grade.PUT, sub, [200, 404, 403, 404], { method: "PUT", body: { score: 7, reason: "API test" } }],
      [
        "postNotebookGrades",
        notebookGrades.POST,
        c,
        [200, 404, 403, 404],
        { method: "POST", body: { grades: [{ assignment: "ps1", studentId: "alice", score: 1, maxScore: 2 }], dryRun: true } },
      ],
    ];
    const tested = new Set(["listCourses"]);
    for (const [operationId, fn, params, expected, options] of table) {
      tested.add(operationId);
      const statuses = [];
      for (const who of [t.teacher, t.alice, t.bob, t.outsider]) statuses.push((await api(who, fn, { params, ...options })).status);
      expect(statuses, operationId).toEqual(expected);
    }
    expect([...tested].sort()).toEqual(API_V1.map((r) => r.operationId).sort());

    // Students see only their own rows in lists.
    const bobsView = await api(t.bob, submissions.GET, { params: a });
    expect(bobsView.json.items).toEqual([]);
    const alicesView = await api(t.alice, grades.GET, { params: a });
    expect(alicesView.json.items.map((g: { userId: string }) => g.userId)).toEqual([w.alice.user.id]);
    const outsiderCourses = await api(t.outsider, courses.GET);
    expect(outsiderCourses).toMatchObject({ status: 200, json: { items: [], nextCursor: null } });
  });

  it("lets site admins in like instructors, as on the pages", async () => {
    const { w } = await setup();
    const admin = await person("Admin");
    await updateUserSiteRoles({ authz: systemAuthz("cli"), userId: admin.user.id, roles: ["admin"] });
    const token = await tokenFor(admin.user.id);
    expect((await api(token, members.GET, { params: { courseId: w.course.id } })).status).toBe(200);
  });
});

describe("/api/v1 behaviour", () => {
  it("writes grades as audited overrides and refuses bad scores without changing anything", async () => {
    const t = await setup();
    const params = { courseId: t.w.course.id, submissionId: t.aliceSubmission.id };
    const bad = await api(t.teacher, grade.PUT, { method: "PUT", params, body: { score: 11, reason: "too much" } });
    expect(bad).toMatchObject({ status: 400, json: { error: { code: "bad_request" } } });
    const missingReason = await api(t.teacher, grade.PUT, { method: "PUT", params, body: { score: 5 } });
    expect(missingReason.status).toBe(400);
    const before = await api(t.teacher, submission.GET, { params });
    expect(before.json.score).toBeNull();

    const ok = await api(t.teacher, grade.PUT, { method: "PUT", params, body: { score: 8.5, reason: "regraded by script" } });
    expect(ok).toMatchObject({ status: 200, json: { submissionId: t.aliceSubmission.id, score: 8.5, passback: "queued" } });
    const after = await api(t.teacher, submission.GET, { params });
    expect(after.json).toMatchObject({ score: 8.5, overridden: true, files: null });

    const admin = await person("Auditor");
    await updateUserSiteRoles({ authz: systemAuthz("cli"), userId: admin.user.id, roles: ["admin"] });
    const session = (await resolveSessionToken(admin.token, "cookie"))!;
    const { items } = await selectAuditEvents({ authz: { kind: "site", session, roles: ["admin"] }, filter: { action: "grade.override", subjectId: t.aliceSubmission.id } });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ actorUserId: t.w.teacher.user.id, actorVia: "api_token", subjectId: t.aliceSubmission.id });
  });

  it("pages lists by cursor, tags reads with ETags, and answers 304 to a matching If-None-Match", async () => {
    const t = await setup();
    const params = { courseId: t.w.course.id, assignmentId: t.w.assignment.id };
    const first = await api(t.teacher, grades.GET, { params: { ...params }, headers: {} });
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^W\/".+"$/);
    const again = await api(t.teacher, grades.GET, { params, headers: { "if-none-match": first.etag! } });
    expect(again).toMatchObject({ status: 304, json: null, etag: first.etag });

    const paged: string[] = [];
    let cursor: string | null = null;
    // Only Alice has a submission; the list is one item, so page size 1 ends on the first page.
    do {
      current.__apiAuthorization = t.teacher;
      const res = await courses.GET(new Request(`http://localhost:3000/api/v1/courses?limit=1${cursor ? `&cursor=${cursor}` : ""}`), { params: Promise.resolve({}) });
      const body = await res.json();
      paged.push(...body.items.map((c: { id: string }) => c.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(paged).toEqual([t.w.course.id]);
    const badCursor = await courses.GET(new Request("http://localhost:3000/api/v1/courses?cursor=nonsense"), { params: Promise.resolve({}) });
    expect(badCursor.status).toBe(400);
  });
});
