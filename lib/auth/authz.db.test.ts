import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { insertAssignment, selectAssignment, selectAssignments } from "@/lib/models/assignments";
import { insertCourse } from "@/lib/models/courses";
import { ensureEnrollment } from "@/lib/models/enrollments";
import { updateSessionEffectiveUser } from "@/lib/models/sessions";
import { insertUser, updateUserActive } from "@/lib/models/users";
import { requireCourseRole, requireSiteRole, systemAuthz } from "./authz";
import { ALL_ROLES, STAFF_ROLES } from "./roles";
import { createSession, resolveSessionToken } from "./session";

withTestDatabase();

async function signedIn(values: { name: string; admin?: boolean }) {
  const user = await insertUser({ values: { name: values.name, email: null, siteRoles: values.admin ? ["admin"] : [], isTestUser: false } });
  const { token, sessionId } = await createSession({ userId: user.id, kind: "test" });
  return { user, token, sessionId, session: async () => (await resolveSessionToken(token, "cookie"))! };
}

async function world() {
  const course = await insertCourse({ values: { title: "CS 1", code: null } });
  const other = await insertCourse({ values: { title: "CS 2", code: null } });
  const teacher = await signedIn({ name: "T" });
  const student = await signedIn({ name: "S" });
  const outsider = await signedIn({ name: "O" });
  await ensureEnrollment({ courseId: course.id, userId: teacher.user.id, role: "instructor", source: "manual" });
  await ensureEnrollment({ courseId: course.id, userId: student.user.id, role: "student", source: "manual" });
  await ensureEnrollment({ courseId: other.id, userId: outsider.user.id, role: "instructor", source: "manual" });
  const published = await insertAssignment({ authz: systemAuthz(), courseId: course.id, values: { title: "A1", publishedAt: new Date() } });
  const draft = await insertAssignment({ authz: systemAuthz(), courseId: course.id, values: { title: "Draft" } });
  const foreign = await insertAssignment({ authz: systemAuthz(), courseId: other.id, values: { title: "B1", publishedAt: new Date() } });
  return { course, other, teacher, student, outsider, published, draft, foreign };
}

describe("requireCourseRole", () => {
  it("grants enrolled users their role and refuses everyone else with a 404", async () => {
    const w = await world();
    const authz = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session: await w.student.session() });
    expect(authz.role).toBe("student");
    await expect(
      requireCourseRole({ unsafeCourseId: w.course.id, roles: STAFF_ROLES, session: await w.student.session() }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session: await w.outsider.session() }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      requireCourseRole({ unsafeCourseId: "not-a-uuid", roles: ALL_ROLES, session: await w.teacher.session() }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("treats site admins as instructors of every course", async () => {
    const w = await world();
    const admin = await signedIn({ name: "Admin", admin: true });
    const authz = await requireCourseRole({ unsafeCourseId: w.other.id, roles: STAFF_ROLES, session: await admin.session() });
    expect(authz.role).toBe("instructor");
    await expect(requireSiteRole({ session: await admin.session(), roles: ["researcher"] })).resolves.toMatchObject({ kind: "site" });
    await expect(requireSiteRole({ session: await w.teacher.session(), roles: ["admin"] })).rejects.toMatchObject({ status: 404 });
  });

  it("shows staff who view as a student that student's role, and ignores view-as for non-staff", async () => {
    const w = await world();
    await updateSessionEffectiveUser({ sessionId: w.teacher.sessionId, effectiveUserId: w.student.user.id });
    const authz = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session: await w.teacher.session() });
    expect(authz).toMatchObject({ role: "student", viewingAs: true });
    await expect(
      requireCourseRole({ unsafeCourseId: w.course.id, roles: STAFF_ROLES, session: await w.teacher.session() }),
    ).rejects.toMatchObject({ status: 404 });

    await updateSessionEffectiveUser({ sessionId: w.student.sessionId, effectiveUserId: w.teacher.user.id });
    await expect(
      requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session: await w.student.session() }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("assignment models scope by the authorized course", () => {
  it("hides drafts from students and other courses' assignments from everyone", async () => {
    const w = await world();
    const asStudent = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session: await w.student.session() });
    const asTeacher = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session: await w.teacher.session() });
    expect((await selectAssignments({ authz: asStudent })).map((a) => a.title)).toEqual(["A1"]);
    expect((await selectAssignments({ authz: asTeacher })).map((a) => a.title).sort()).toEqual(["A1", "Draft"]);
    await expect(selectAssignment({ authz: asStudent, unsafeAssignmentId: w.draft.id })).rejects.toMatchObject({ status: 404 });
    await expect(selectAssignment({ authz: asTeacher, unsafeAssignmentId: w.foreign.id })).rejects.toMatchObject({ status: 404 });
    await expect(
      insertAssignment({ authz: asStudent, courseId: w.course.id, values: { title: "sneaky" } }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("sessions", () => {
  it("resolves only unexpired, known tokens", async () => {
    const s = await signedIn({ name: "X" });
    expect((await resolveSessionToken(s.token, "cookie"))?.user.id).toBe(s.user.id);
    expect(await resolveSessionToken(s.token + "x", "cookie")).toBeNull();
    expect(await resolveSessionToken("", "cookie")).toBeNull();
  });

  it("end when an admin deactivates the user, and stay ended after reactivation (they sign in again)", async () => {
    const s = await signedIn({ name: "Y" });
    await updateUserActive({ authz: systemAuthz("cli"), userId: s.user.id, active: false });
    expect(await resolveSessionToken(s.token, "cookie")).toBeNull();
    await updateUserActive({ authz: systemAuthz("cli"), userId: s.user.id, active: true });
    expect(await resolveSessionToken(s.token, "cookie")).toBeNull();
  });
});
