import { SignJWT } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { resetEnvForTests } from "@/lib/env";
import { exchangeCourse, exchangeMember, fakeTarball } from "@/lib/exchange/testing/fixtures";
import { NbgraderClient } from "@/lib/exchange/testing/nbgrader-client";
import { withTestStorage } from "@/lib/storage/testing/test-storage";
import { dispatchExchange } from "@/lib/exchange/testing/dispatch";

withTestDatabase();

const SECRET = "a-shared-secret-of-at-least-32-characters!";

withTestStorage();
afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

function configure(env: Record<string, string>) {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  resetEnvForTests();
}

const withCookie = (cookie: string) => new NbgraderClient(dispatchExchange, "http://localhost:3000", { cookie });
const withToken = (token: string) => new NbgraderClient(dispatchExchange, "http://localhost:3000", { token });

/** nbexchange's identity cookie claims (edina/nbexchange naas_user_handler: username, n_fn, n_cid, n_cnm, n_rl, n_oid). */
async function identityJwt(claims: Record<string, unknown>, { secret = SECRET, expiresIn = "1h" }: { secret?: string; expiresIn?: string } = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(secret));
}

const claims = (username: string, course: string, role: "Instructor" | "Student", org = "7") => ({
  username,
  n_fn: `${username} Person`,
  n_cid: course,
  n_cnm: `${course} title`,
  n_rl: role,
  n_oid: org,
});

describe("the identity cookie", () => {
  it("carries a Lantern API token as the unmodified plugin sends it (noteable_auth=$NAAS_JWT), with no secret configured", async () => {
    const course = await exchangeCourse("COOKIE TOKEN");
    const teacher = await exchangeMember(course, "instructor", "Cat Teacher");
    const student = await exchangeMember(course, "student", "Stu Dent");
    expect(await (await withCookie(`noteable_auth=${teacher.token}`).release("COOKIE TOKEN", "ps1", fakeTarball("v1"), ["nb1"])).json()).toEqual({
      success: true,
      note: "Released",
    });
    const fetched = await withCookie(`other=1; noteable_auth=${student.token}`).fetchAssignment("COOKIE TOKEN", "ps1");
    expect(fetched.headers.get("content-type")).toBe("application/gzip");
    expect((await withCookie(`noteable_auth=lnt_not-a-real-token`).list("COOKIE TOKEN")).status).toBe(401);
  });

  it("is refused without EXCHANGE_JWT_SECRET, and accepted with it: the identity, its course and enrollment are created", async () => {
    const jwt = await identityJwt(claims("ina", "ORG COURSE", "Instructor"));
    expect((await withCookie(`noteable_auth=${jwt}`).list("ORG COURSE")).status).toBe(401);

    configure({ EXCHANGE_JWT_SECRET: SECRET });
    const instructor = withCookie(`noteable_auth=${jwt}`);
    expect(await (await instructor.release("ORG COURSE", "ps1", fakeTarball("org v1"), ["nb1"])).json()).toEqual({ success: true, note: "Released" });
    const student = withCookie(`noteable_auth=${await identityJwt(claims("stu", "ORG COURSE", "Student"))}`);
    const listed = await (await student.list("ORG COURSE")).json();
    expect(listed).toMatchObject({ success: true, value: [{ assignment_id: "ps1", course_id: "ORG COURSE", status: "released" }] });
    expect(new Uint8Array(await (await student.fetchAssignment("ORG COURSE", "ps1")).arrayBuffer())).toEqual(fakeTarball("org v1"));
    // The student's identity names the student role: releasing is refused and stores nothing new.
    expect(await (await student.release("ORG COURSE", "ps1", fakeTarball("hijack"), ["nb1"])).json()).toEqual({
      success: false,
      note: "User not an instructor to course ORG COURSE",
    });
    expect(new Uint8Array(await (await student.fetchAssignment("ORG COURSE", "ps1")).arrayBuffer())).toEqual(fakeTarball("org v1"));
  });

  it("refuses a wrong signature, an expired or unsigned token, a missing claim, and a non-HS256 algorithm", async () => {
    configure({ EXCHANGE_JWT_SECRET: SECRET });
    const bad = [
      await identityJwt(claims("eve", "SIG", "Instructor"), { secret: "another-secret-that-is-32-characters-long" }),
      await identityJwt(claims("eve", "SIG", "Instructor"), { expiresIn: "-1m" }),
      await identityJwt({ username: "eve", n_rl: "Instructor", n_oid: "7" }), // no course
      await identityJwt(claims("eve", "SIG", "Administrator" as "Instructor")),
      `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims("eve", "SIG", "Instructor"))).toString("base64url")}.`,
      "not-a-jwt",
    ];
    for (const jwt of bad) {
      const res = await withCookie(`noteable_auth=${jwt}`).list("SIG");
      expect(res.status, jwt).toBe(401);
      expect(await res.json()).toMatchObject({ success: false, value: [] });
    }
    // Nothing was created: a valid identity for that course later finds it empty.
    const good = withCookie(`noteable_auth=${await identityJwt(claims("eve", "SIG", "Student"))}`);
    expect(await (await good.list("SIG")).json()).toEqual({ success: true, value: [] });
  });

  it("keeps organisations apart: the same username and course code in another organisation is another user and course", async () => {
    configure({ EXCHANGE_JWT_SECRET: SECRET });
    const orgA = withCookie(`noteable_auth=${await identityJwt(claims("sam", "SHARED", "Instructor", "A"))}`);
    const orgB = withCookie(`noteable_auth=${await identityJwt(claims("sam", "SHARED", "Instructor", "B"))}`);
    await orgA.release("SHARED", "ps1", fakeTarball("org A"), ["nb1"]);
    expect(await (await orgB.list("SHARED")).json()).toEqual({ success: true, value: [] });
    expect(await (await orgB.fetchAssignment("SHARED", "ps1")).json()).toEqual({ success: false, note: "Assignment ps1 does not exist" });
    await orgB.release("SHARED", "ps1", fakeTarball("org B"), ["nb1"]);
    expect(new Uint8Array(await (await orgA.fetchAssignment("SHARED", "ps1")).arrayBuffer())).toEqual(fakeTarball("org A"));
    expect(new Uint8Array(await (await orgB.fetchAssignment("SHARED", "ps1")).arrayBuffer())).toEqual(fakeTarball("org B"));
    // An organisation's identity never reaches an LMS course that happens to have the same code.
    const lms = await exchangeCourse("SHARED");
    const lmsTeacher = await exchangeMember(lms, "instructor", "Lms Teacher");
    expect(await (await withToken(lmsTeacher.token).list("SHARED")).json()).toEqual({ success: true, value: [] });
  });

  it("reads the cookie named by EXCHANGE_JWT_COOKIE", async () => {
    configure({ EXCHANGE_JWT_SECRET: SECRET, EXCHANGE_JWT_COOKIE: "hub_identity" });
    const jwt = await identityJwt(claims("nia", "NAMED", "Instructor"));
    expect((await withCookie(`noteable_auth=${jwt}`).list("NAMED")).status).toBe(401);
    expect(await (await withCookie(`hub_identity=${jwt}`).list("NAMED")).json()).toEqual({ success: true, value: [] });
  });
});

describe("history", () => {
  it("shows staff every action and students the releases plus their own; filters by action and course", async () => {
    const course = await exchangeCourse("HIST 1");
    const other = await exchangeCourse("HIST 2");
    const teacher = await exchangeMember(course, "instructor", "Hana Teacher", "hana@example.edu");
    const ann = await exchangeMember(course, "student", "Ann Ample", "ann@example.edu");
    const bob = await exchangeMember(course, "student", "Bob Bee", "bob@example.edu");
    const otherTeacher = await exchangeMember(other, "instructor", "Olga Other");
    const t = withToken(teacher.token);
    await t.release("HIST 1", "ps1", fakeTarball("v1"), ["nb1"]);
    await withToken(ann.token).fetchAssignment("HIST 1", "ps1");
    await withToken(ann.token).submit("HIST 1", "ps1", "2030-01-01 00:00:00.000000 UTC", fakeTarball("ann"));
    await withToken(bob.token).fetchAssignment("HIST 1", "ps1");
    await withToken(otherTeacher.token).release("HIST 2", "secret", fakeTarball("other"), ["nb1"]);

    const staff = await (await t.get("history", { course_id: "HIST 1" })).json();
    expect(staff.success).toBe(true);
    expect(staff.value).toHaveLength(1);
    expect(staff.value[0]).toMatchObject({ course_code: "HIST 1", role: { Instructor: 1 }, isInstructor: true });
    const [assignment] = staff.value[0].assignments;
    expect(assignment).toMatchObject({ assignment_code: "ps1", action_summary: { released: 1, fetched: 2, submitted: 1 } });
    expect(assignment.actions.map((a: { action: string }) => a.action)).toEqual([
      "AssignmentActions.released",
      "AssignmentActions.fetched",
      "AssignmentActions.submitted",
      "AssignmentActions.fetched",
    ]);
    expect(assignment.actions[2]).toMatchObject({ path: expect.stringMatching(/^\/submitted\/.+\.tar\.gz$/), timestamp: expect.stringMatching(/ UTC$/) });

    const mine = await (await withToken(bob.token).get("history")).json();
    expect(mine.value.map((c: { course_code: string }) => c.course_code)).toEqual(["HIST 1"]); // never HIST 2
    expect(mine.value[0]).toMatchObject({ role: { Student: 1 }, isInstructor: false });
    expect(mine.value[0].assignments[0].action_summary).toEqual({ released: 1, fetched: 1 }); // not Ann's work

    const onlySubmitted = await (await t.get("history", { course_id: "HIST 1", action: "submitted" })).json();
    expect(onlySubmitted.value[0].assignments[0].actions).toHaveLength(1);
    expect(await (await t.get("history", { action: "deleted" })).json()).toEqual({ success: false, note: "deleted is not a valid assignment action.", value: [] });
    expect(await (await withToken(bob.token).get("history", { course_id: "HIST 2" })).json()).toEqual({
      success: false,
      note: "User not subscribed to course HIST 2",
      value: [],
    });
    const anonymous = await new NbgraderClient(dispatchExchange, "http://localhost:3000", {}).get("history");
    expect(anonymous.status).toBe(401);
  });
});
