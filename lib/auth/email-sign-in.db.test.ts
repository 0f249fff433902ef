import { afterEach, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { resetEnvForTests } from "@/lib/env";
import { selectAuditEvents } from "@/lib/models/audit-log";
import { insertCourse } from "@/lib/models/courses";
import { ensureEnrollment } from "@/lib/models/enrollments";
import { ensureLtiUser } from "@/lib/models/lti-launches";
import { ensurePlatform } from "@/lib/models/lti-platforms";
import { consumeRateLimit } from "@/lib/models/rate-limits";
import { insertUser, updateUserActive, updateUserSiteRoles } from "@/lib/models/users";
import { requireSiteRole, systemAuthz } from "./authz";
import { selectEmailSignInUser } from "./email-identity";
import { decideSignInLink } from "./email-sign-in";
import { createSession, resolveSessionToken } from "./session";

withTestDatabase();

const from = (ip: string) => new Headers({ "x-forwarded-for": ip });

async function ltiStaff(email: string, role: "instructor" | "student", launched = true) {
  const platform = await ensurePlatform({
    values: { issuer: `https://lms-${Math.random()}.test`, clientId: "c", name: "LMS", authLoginUrl: "https://lms.test/a", authTokenUrl: "https://lms.test/t", jwksUrl: "https://lms.test/j", registeredVia: "manual", active: true },
  });
  const course = await insertCourse({ values: { title: "CS", code: null } });
  const { user } = await ensureLtiUser({ platformId: platform.id, sub: `sub-${Math.random()}`, name: "LMS person", email, isTestUser: false, courseId: course.id });
  await ensureEnrollment({ courseId: course.id, userId: user.id, role, source: "lti", launchedAt: launched ? new Date() : undefined });
  return user;
}

afterEach(() => {
  delete process.env.ADMIN_EMAILS;
  resetEnvForTests();
});

describe("who may sign in by email", () => {
  it("admits site-role holders and staff whose address came from an LMS launch, case-insensitively", async () => {
    const researcher = await insertUser({ values: { name: "R", email: "Res@Example.edu", siteRoles: ["researcher"] } });
    const teacher = await ltiStaff("teach@example.edu", "instructor");
    expect((await selectEmailSignInUser({ email: "res@example.edu" }))?.id).toBe(researcher.id);
    expect((await selectEmailSignInUser({ email: "TEACH@example.edu" }))?.id).toBe(teacher.id);
  });

  it("refuses students, staff who never launched, accounts nobody vouched for, deactivated users and ambiguity", async () => {
    await ltiStaff("student@example.edu", "student");
    await ltiStaff("pending@example.edu", "instructor", false);
    await insertUser({ values: { name: "Self-made", email: "nobody@example.edu" } });
    const gone = await insertUser({ values: { name: "Gone", email: "gone@example.edu", siteRoles: ["admin"] } });
    await updateUserActive({ authz: systemAuthz("cli"), userId: gone.id, active: false });
    await ltiStaff("twice@example.edu", "instructor");
    await ltiStaff("twice@example.edu", "instructor");
    for (const email of ["student@example.edu", "pending@example.edu", "nobody@example.edu", "gone@example.edu", "twice@example.edu"]) {
      expect(await selectEmailSignInUser({ email }), email).toBeNull();
    }
  });

  it("prefers the account holding a site role over an LMS account with the same address (never merges them)", async () => {
    await ltiStaff("both@example.edu", "instructor");
    const admin = await insertUser({ values: { name: "A", email: "both@example.edu" } });
    await updateUserSiteRoles({ authz: systemAuthz("cli"), userId: admin.id, roles: ["admin"] });
    expect((await selectEmailSignInUser({ email: "both@example.edu" }))?.id).toBe(admin.id);
  });
});

describe("decideSignInLink", () => {
  it("sends to eligible addresses, silently skips others, and makes ADMIN_EMAILS addresses admins (audited)", async () => {
    process.env.ADMIN_EMAILS = "Boss@Example.edu, other@example.edu";
    resetEnvForTests();
    await ltiStaff("teach2@example.edu", "instructor");
    expect(await decideSignInLink({ email: "teach2@example.edu", req: from("198.51.100.1") })).toBe("send");
    expect(await decideSignInLink({ email: "stranger@example.edu", req: from("198.51.100.1") })).toBe("skip");
    expect(await decideSignInLink({ email: "boss@example.edu", req: from("198.51.100.1") })).toBe("send");
    const boss = await selectEmailSignInUser({ email: "boss@example.edu" });
    expect(boss?.siteRoles).toEqual(["admin"]);
    // Asking again does not create a second account or a second role change.
    expect(await decideSignInLink({ email: "boss@example.edu", req: from("198.51.100.1") })).toBe("send");
    const auditor = await insertUser({ values: { name: "Auditor", email: null, siteRoles: ["admin"] } });
    const { token } = await createSession({ userId: auditor.id, kind: "test" });
    const authz = await requireSiteRole({ session: (await resolveSessionToken(token, "cookie"))!, roles: ["admin"] });
    const { items } = await selectAuditEvents({ authz, filter: { subjectId: boss!.id } });
    expect(items.map((e) => e.action).sort()).toEqual(["user.create", "user.roles_change"]);
  });

  it("limits links per address and per network", async () => {
    await ltiStaff("busy@example.edu", "instructor");
    const outcomes = [];
    for (let i = 0; i < 6; i++) outcomes.push(await decideSignInLink({ email: "busy@example.edu", req: from(`192.0.2.${i}`) }));
    expect(outcomes).toEqual(["send", "send", "send", "send", "send", "rate_limited"]);
    const network = [];
    for (let i = 0; i < 21; i++) network.push(await decideSignInLink({ email: `x${i}@example.edu`, req: from("203.0.113.9") }));
    expect(network.slice(0, 20).every((o) => o === "skip")).toBe(true);
    expect(network[20]).toBe("rate_limited");
  });
});

describe("consumeRateLimit", () => {
  it("counts within a window and starts over after it", async () => {
    expect((await consumeRateLimit({ key: "t:a", limit: 2, windowMs: 60_000 })).allowed).toBe(true);
    expect((await consumeRateLimit({ key: "t:a", limit: 2, windowMs: 60_000 })).allowed).toBe(true);
    expect((await consumeRateLimit({ key: "t:a", limit: 2, windowMs: 60_000 })).allowed).toBe(false);
    // A zero-length window has always ended, so the count restarts.
    expect(await consumeRateLimit({ key: "t:a", limit: 2, windowMs: 0 })).toMatchObject({ allowed: true, count: 1 });
  });
});
