import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireSiteRole, systemAuthz, type SiteAuthz } from "@/lib/auth/authz";
import { resolveApiToken } from "@/lib/auth/api-tokens";
import { resolveSessionToken } from "@/lib/auth/session";
import { HttpError } from "@/lib/errors";
import { selectAuditEvents } from "@/lib/models/audit-log";
import { selectCourseList } from "@/lib/models/course-directory";
import { insertCourse } from "@/lib/models/courses";
import { ensureEnrollment, selectOptionalEnrollment } from "@/lib/models/enrollments";
import { selectUserDetail, selectUserList } from "@/lib/models/user-directory";
import { insertUser, selectUser, selectUsersByEmail, updateUserActive, updateUserSiteRoles } from "@/lib/models/users";
import { createTestPlatform } from "@/lib/lti/testing/test-platform";
import { person } from "@/lib/submissions/test-world";
import { createTokenForEmail } from "./tokens";
import { grantSiteRoleByEmail } from "./users";

const { handle } = withTestDatabase();

async function adminPerson(name: string) {
  const p = await person(name);
  await updateUserSiteRoles({ authz: systemAuthz("cli"), userId: p.user.id, roles: ["admin"] });
  const authz: SiteAuthz = await requireSiteRole({ session: (await resolveSessionToken(p.token, "cookie"))!, roles: ["admin"] });
  return { ...p, authz };
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

/** Leaves `keep` as the only active admin (earlier tests in this file made others). */
async function onlyAdmin(keep: string) {
  await handle().db.execute(`update users set site_roles = array_remove(site_roles, 'admin') where id <> '${keep}'`);
}

describe("user administration", () => {
  it("refuses to demote or deactivate the last active admin, and allows it once there is another", async () => {
    const ada = await adminPerson("Ada Admin");
    await onlyAdmin(ada.user.id);
    const demote = await failure(updateUserSiteRoles({ authz: ada.authz, userId: ada.user.id, roles: [] }));
    expect(demote.status).toBe(409);
    expect(demote.message).toMatch(/last active admin/);
    expect((await failure(updateUserActive({ authz: ada.authz, userId: ada.user.id, active: false }))).status).toBe(409);
    expect((await selectUser({ userId: ada.user.id })).siteRoles).toEqual(["admin"]);

    // A deactivated admin does not count: they cannot run the site.
    const idle = await adminPerson("Idle Admin");
    await updateUserActive({ authz: ada.authz, userId: idle.user.id, active: false });
    expect((await failure(updateUserSiteRoles({ authz: ada.authz, userId: ada.user.id, roles: ["researcher"] }))).status).toBe(409);

    const grace = await adminPerson("Grace Admin");
    await updateUserSiteRoles({ authz: grace.authz, userId: ada.user.id, roles: ["researcher"] });
    expect((await selectUser({ userId: ada.user.id })).siteRoles).toEqual(["researcher"]);
    const { items } = await selectAuditEvents({ authz: grace.authz, filter: { action: "user.roles_change", subjectId: ada.user.id } });
    expect(items[0]).toMatchObject({ actorUserId: grace.user.id, before: { siteRoles: ["admin"] }, after: { siteRoles: ["researcher"] } });
  });

  it("deactivation ends the user's sessions for good and stops their API tokens; reactivation does not revive them", async () => {
    const ada = await adminPerson("Ada Again");
    const sam = await person("Sam Student");
    const { token } = await createTokenForEmail({ authz: systemAuthz("cli"), email: "sam-token@example.edu", scopes: ["read"], expiresInDays: 1 });
    const tokenUser = (await resolveApiToken(token))!.user;
    await updateUserActive({ authz: ada.authz, userId: sam.user.id, active: false });
    await updateUserActive({ authz: ada.authz, userId: tokenUser.id, active: false });
    expect(await resolveSessionToken(sam.token, "cookie")).toBeNull();
    expect(await resolveApiToken(token)).toBeNull();
    await updateUserActive({ authz: ada.authz, userId: sam.user.id, active: true });
    expect(await resolveSessionToken(sam.token, "cookie")).toBeNull();
    expect((await selectUserDetail({ authz: ada.authz, unsafeUserId: sam.user.id })).activeSessions).toBe(0);
    const { items } = await selectAuditEvents({ authz: ada.authz, filter: { subjectId: sam.user.id } });
    expect(items.map((e) => e.action)).toEqual(["user.reactivate", "user.deactivate"]);
  });

  it("grants a role by email to the account that may sign in with it, never to an LMS account the LMS did not vouch for", async () => {
    const ada = await adminPerson("Ada Grants");
    // A student from an LMS with this address: the address is not verified for sign-in, so a new account is made.
    const lms = await createTestPlatform({ issuer: "https://grant-lms.test" });
    expect((await lms.fullLaunch({ sub: "rita-student", email: "rita@example.edu" })).status).toBe(303);
    const [student] = await selectUsersByEmail({ email: "rita@example.edu" });
    expect(student.hasLmsAccount).toBe(true);
    const rita = await grantSiteRoleByEmail({ authz: ada.authz, email: " Rita@Example.edu ", role: "researcher" });
    expect(rita.id).not.toBe(student.id);
    expect(rita).toMatchObject({ email: "rita@example.edu", siteRoles: ["researcher"] });
    // Idempotent: the researcher account is now the one the address signs in to.
    expect((await grantSiteRoleByEmail({ authz: ada.authz, email: "rita@example.edu", role: "admin" })).id).toBe(rita.id);
    expect((await selectUser({ userId: rita.id })).siteRoles.sort()).toEqual(["admin", "researcher"]);
    expect((await failure(grantSiteRoleByEmail({ authz: ada.authz, email: "not an address", role: "admin" }))).status).toBe(400);
  });

  it("lists and searches users, and shows one user's enrollments", async () => {
    const ada = await adminPerson("Ada Lists");
    const course = await insertCourse({ values: { title: "Directory 101", code: "DIR101" } });
    const zed = await insertUser({ values: { name: "Zed Findable", email: "zed@findable.test" } });
    await ensureEnrollment({ courseId: course.id, userId: zed.id, role: "ta", source: "manual" });
    const { items } = await selectUserList({ authz: ada.authz, q: "findable" });
    expect(items).toMatchObject([{ id: zed.id, courseCount: 1, lmsAccountCount: 0 }]);
    expect((await selectUserList({ authz: ada.authz, q: zed.id })).items.map((u) => u.id)).toEqual([zed.id]);
    expect((await selectUserList({ authz: ada.authz, q: "100%_" })).items).toEqual([]);
    expect((await selectUserList({ authz: ada.authz, role: "admin" })).items.every((u) => u.siteRoles.includes("admin"))).toBe(true);
    const detail = await selectUserDetail({ authz: ada.authz, unsafeUserId: zed.id });
    expect(detail.enrollments).toMatchObject([{ courseId: course.id, courseTitle: "Directory 101", role: "ta", status: "active" }]);
    expect((await failure(selectUserDetail({ authz: ada.authz, unsafeUserId: "x' or 1=1" }))).status).toBe(404);

    const courses = await selectCourseList({ authz: ada.authz, q: "dir101" });
    expect(courses.items).toMatchObject([{ id: course.id, staff: 1, students: 0, assignments: 0, platforms: [] }]);
  });

  it("token create makes the user and the enrollment it needs, audited, and the token acts as that user", async () => {
    const course = await insertCourse({ values: { title: "Scripts 101", code: null } });
    const made = await createTokenForEmail({
      authz: systemAuthz("cli"),
      email: "script@example.edu",
      scopes: ["read", "grades:write"],
      expiresInDays: 7,
      course: { unsafeCourseId: course.id, role: "instructor" },
    });
    expect(made).toMatchObject({ createdUser: true, enrolled: true });
    const session = await resolveApiToken(made.token);
    expect(session?.user.id).toBe(made.user.id);
    expect(session?.apiToken?.scopes).toEqual(["read", "grades:write"]);
    expect((await selectOptionalEnrollment({ courseId: course.id, userId: made.user.id }))?.role).toBe("instructor");
    const again = await createTokenForEmail({ authz: systemAuthz("cli"), email: "script@example.edu", scopes: ["read"], expiresInDays: 1, course: { unsafeCourseId: course.id, role: "instructor" } });
    // The second call finds the account the first made (no new user, the enrollment already right).
    expect(again).toMatchObject({ createdUser: false, enrolled: false, user: { id: made.user.id } });
    expect((await failure(createTokenForEmail({ authz: systemAuthz("cli"), email: "x@example.edu", scopes: ["read"], expiresInDays: 1, course: { unsafeCourseId: "nope", role: "student" } }))).status).toBe(404);
  });

  it("refuses non-admins", async () => {
    const p = await person("Rita Researcher");
    await updateUserSiteRoles({ authz: systemAuthz("cli"), userId: p.user.id, roles: ["researcher"] });
    const researcher = await requireSiteRole({ session: (await resolveSessionToken(p.token, "cookie"))!, roles: ["researcher"] });
    expect((await failure(selectUserList({ authz: researcher }))).status).toBe(404);
    expect((await failure(updateUserSiteRoles({ authz: researcher, userId: p.user.id, roles: ["admin", "researcher"] }))).status).toBe(404);
    expect((await failure(selectCourseList({ authz: researcher }))).status).toBe(404);
  });
});
