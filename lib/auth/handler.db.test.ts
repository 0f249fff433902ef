import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { withTestDatabase } from "@/db/testing/test-database";
import { insertCourse } from "@/lib/models/courses";
import { ensureEnrollment } from "@/lib/models/enrollments";
import { updateSessionEffectiveUser } from "@/lib/models/sessions";
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
  const user = await insertUser({ values: { name: role, email: null, isTestUser: false } });
  await ensureEnrollment({ courseId: course.id, userId: user.id, role, source: "manual" });
  const { token } = await createSession({ userId: user.id, kind: "test" });
  return { course, user, token };
}

const calls: unknown[] = [];
const staffOnly = handler(
  { access: { courseRoles: ["instructor"] }, body: z.object({ title: z.string().min(1).max(10) }), maxBodyBytes: 200 },
  async ({ body, authz }) => {
    calls.push(body);
    return { course: authz.course.id, title: body.title };
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

  it("authorizes before reading the body: a non-member learns nothing from validation and nothing is read", async () => {
    const { course, token } = await member("student");
    const res = await staffOnly(post("{not json", { cookie: token }), params(course.id));
    expect(res.status).toBe(404);
    const anonymous = await staffOnly(post(JSON.stringify({ title: "x".repeat(500) })), params(course.id));
    expect(anonymous.status).toBe(401);
  });

  it("takes the course from the body when declared, and still 404s non-members before validating", async () => {
    const fromBody = handler(
      { access: { courseRoles: ["instructor", "student"], courseFrom: "body" }, body: z.object({ courseId: z.string(), n: z.number() }) },
      async ({ authz, body }) => ({ course: authz.course.id, role: authz.role, n: body.n }),
    );
    const { course, token } = await member("student");
    const ok = await fromBody(post(JSON.stringify({ courseId: course.id, n: 1 }), { cookie: token }));
    expect(await ok.json()).toEqual({ course: course.id, role: "student", n: 1 });
    const other = await member("instructor");
    const foreign = await fromBody(post(JSON.stringify({ courseId: other.course.id, n: "bad" }), { cookie: token }));
    expect(foreign.status).toBe(404);
    const invalid = await fromBody(post(JSON.stringify({ courseId: course.id, n: "bad" }), { cookie: token }));
    expect(invalid.status).toBe(400);
  });

  it("refuses mutations while staff view the course as a student, unless the route allows it", async () => {
    const { course, user } = await member("instructor");
    const student = await insertUser({ values: { name: "s", email: null, isTestUser: false } });
    await ensureEnrollment({ courseId: course.id, userId: student.id, role: "student", source: "manual" });
    const viewing = await createSession({ userId: user.id, kind: "test" });
    await updateSessionEffectiveUser({ sessionId: viewing.sessionId, effectiveUserId: student.id });
    const anyone = { courseRoles: ["instructor", "student"] } as const;
    const write = handler({ access: anyone }, async ({ authz }) => ({ role: authz.role }));
    const read = handler({ access: anyone }, async ({ authz }) => ({ role: authz.role, viewingAs: authz.viewingAs }));
    const allowed = handler({ access: { ...anyone, allowWhileViewingAs: true } }, async ({ authz }) => ({ role: authz.role }));
    const refused = await write(post("", { cookie: viewing.token }), params(course.id));
    expect(refused.status).toBe(403);
    expect((await allowed(post("", { cookie: viewing.token }), params(course.id))).status).toBe(200);
    const get = await read(request("/api/x", { cookie: viewing.token }), params(course.id));
    expect(await get.json()).toEqual({ role: "student", viewingAs: true });
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

  it("answers a browser loading the URL as a page with a page in the app's look, scripts with JSON", async () => {
    const { course } = await member("instructor");
    const outsider = await member("student");
    const read = handler({ access: { courseRoles: ["instructor"] } }, async () => ({ ok: true }));
    const navigate = { headers: { "sec-fetch-dest": "document", accept: "text/html,*/*" }, cookie: outsider.token };
    const page = await read(request("/api/x", navigate), params(course.id));
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("<h1>Page not found</h1>");
    expect(html).toContain("What to do next");
    expect(html).toContain('<a href="/">Lantern</a>');
    const fetched = await read(request("/api/x", { headers: { "sec-fetch-dest": "empty", accept: "text/html" }, cookie: outsider.token }), params(course.id));
    expect(fetched.status).toBe(404);
    expect((await fetched.json()).error.code).toBe("not_found");

    const boom = handler({ access: { public: true } }, async () => {
      throw new Error("secret internals");
    });
    const failed = await boom(request("/api/boom", { headers: { accept: "text/html" } }));
    expect(failed.status).toBe(500);
    const text = await failed.text();
    expect(text).toMatch(/Error id: <code>[0-9a-f]{8}<\/code>/);
    expect(text).not.toContain("secret internals");
  });
});
