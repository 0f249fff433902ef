import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { withTestDatabase } from "@/db/testing/test-database";
import { insertCourse } from "@/lib/models/courses";
import { ensureEnrollment } from "@/lib/models/enrollments";
import { insertUser } from "@/lib/models/users";
import { handler } from "./handler";
import { createSession, SESSION_COOKIE } from "./session";

// next/headers reads the current request; here it reads whatever the test puts in `current`.
const current = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => current.headers,
  cookies: async () => {
    const jar = new Map(
      (current.headers.get("cookie") ?? "")
        .split(";")
        .map((c) => c.trim().split("=") as [string, string])
        .filter(([k]) => k),
    );
    return { get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined) };
  },
}));

withTestDatabase();

const ORIGIN = "http://localhost:3000";
function request(path: string, init: RequestInit & { cookie?: string; bearer?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("cookie", `${SESSION_COOKIE}=${init.cookie}`);
  if (init.bearer) headers.set("authorization", `Bearer ${init.bearer}`);
  current.headers = headers;
  return new Request(`${ORIGIN}${path}`, { ...init, headers });
}

async function member(role: "instructor" | "student") {
  const course = await insertCourse({ values: { title: "C", code: null } });
  const user = await insertUser({ values: { name: role, email: null, isAdmin: false, isTestUser: false } });
  await ensureEnrollment({ courseId: course.id, userId: user.id, role, source: "manual" });
  const { token } = await createSession({ userId: user.id, kind: "test" });
  return { course, user, token };
}

const calls: unknown[] = [];
const staffOnly = handler(
  { access: { courseRoles: ["instructor"] }, body: z.object({ title: z.string().min(1).max(10) }), maxBodyBytes: 200 },
  async ({ body, authz }) => {
    calls.push(body);
    return { course: authz!.course.id, title: body.title };
  },
);
const params = (courseId: string) => ({ params: Promise.resolve({ courseId }) });
const post = (body: string, extra: { cookie?: string; bearer?: string; origin?: string | null } = {}) =>
  request("/api/x", {
    method: "POST",
    body,
    cookie: extra.cookie,
    bearer: extra.bearer,
    headers: { "content-type": "application/json", ...(extra.origin !== null ? { origin: extra.origin ?? ORIGIN } : {}) },
  });

beforeEach(() => {
  calls.length = 0;
});

describe("handler()", () => {
  it("runs the handler for an authorized, valid, same-origin request", async () => {
    const { course, token } = await member("instructor");
    const res = await staffOnly(post('{"title":"Hello"}', { cookie: token }), params(course.id));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ course: course.id, title: "Hello" });
  });

  it("answers 401 without a session and 404 for a role the caller lacks; nothing runs", async () => {
    const { course, token } = await member("student");
    const anonymous = await staffOnly(post('{"title":"x"}'), params(course.id));
    expect(anonymous.status).toBe(401);
    const student = await staffOnly(post('{"title":"x"}', { cookie: token }), params(course.id));
    expect(student.status).toBe(404);
    expect((await student.json()).error.code).toBe("not_found");
    expect(calls).toEqual([]);
  });

  it("refuses cross-site cookie-authenticated mutations but accepts bearer tokens", async () => {
    const { course, token } = await member("instructor");
    const csrf = await staffOnly(post('{"title":"x"}', { cookie: token, origin: "https://evil.example" }), params(course.id));
    expect(csrf.status).toBe(403);
    expect((await csrf.json()).error.message).toMatch(/Cross-site/);
    const bearer = await staffOnly(post('{"title":"x"}', { bearer: token, origin: "https://lms.example" }), params(course.id));
    expect(bearer.status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it("answers 400 for malformed JSON or invalid fields and 413 for oversized bodies", async () => {
    const { course, token } = await member("instructor");
    const malformed = await staffOnly(post("{not json", { cookie: token }), params(course.id));
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.message).toMatch(/not valid JSON/);
    const invalid = await staffOnly(post('{"title":""}', { cookie: token }), params(course.id));
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.fields.title).toBeDefined();
    const huge = await staffOnly(post(JSON.stringify({ title: "x".repeat(500) }), { cookie: token }), params(course.id));
    expect(huge.status).toBe(413);
    expect(calls).toEqual([]);
  });

  it("hides unexpected errors behind an error id", async () => {
    const boom = handler({ access: { public: true } }, async () => {
      throw new Error("secret internals");
    });
    const res = await boom(request("/api/boom"));
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.error.message).toMatch(/Error id: [0-9a-f]{8}/);
    expect(JSON.stringify(body)).not.toContain("secret internals");
  });
});
