import { beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole } from "@/lib/auth/authz";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { insertAssignment } from "@/lib/models/assignments";
import { schema } from "@/db";
import { systemAuthz } from "@/lib/auth/authz";
import { insertGradeOutboxRow, selectOutboxRow } from "@/lib/models/grade-outbox";
import { selectOptionalCourseResourceLink, updateResourceLinkAssignment } from "@/lib/models/lti-launches";
import { deliverOutboxRow } from "@/lib/passback/deliver";
import { FakeAgs } from "@/lib/passback/testing";
import { connectLinkToAssignment } from "./connect-link";
import { CLAIM } from "./claims";
import { insertAssignmentFromLms } from "./new-assignment";
import { createTestPlatform, type TestPlatform } from "./testing/test-platform";

const { handle } = withTestDatabase();

const INSTRUCTOR = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"];
let lms: TestPlatform;
beforeAll(async () => {
  lms = await createTestPlatform({ issuer: "https://connect-lms.test" });
});

async function land(overrides: Record<string, unknown>) {
  const response = await lms.fullLaunch(overrides);
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get("location")!);
  const session = (await resolveSessionToken(location.searchParams.get("lt")!, "header"))!;
  return { path: location.pathname, session, courseId: location.pathname.split("/")[2] };
}

describe("an LMS link made without Deep Linking", () => {
  it("sends staff to connect it, students to the course page, and course navigation to the course page", async () => {
    const link = { [CLAIM.resourceLink]: { id: "plain-link-1", title: "Week 3 lab" }, [CLAIM.context]: { id: "ctx-connect-1" } };
    const staff = await land({ ...link, sub: "teacher-c1", [CLAIM.roles]: INSTRUCTOR });
    expect(staff.path).toMatch(new RegExp(`^/courses/${staff.courseId}/lms-links/[0-9a-f-]{36}$`));
    const student = await land({ ...link, sub: "student-c1" });
    expect(student.path).toBe(`/courses/${staff.courseId}`);
    const nav = await land({
      [CLAIM.resourceLink]: { id: "nav-ctx-connect-1" },
      [CLAIM.context]: { id: "ctx-connect-1" },
      [CLAIM.canvasPlacement]: "course_navigation",
      sub: "teacher-c1",
      [CLAIM.roles]: INSTRUCTOR,
    });
    expect(nav.path).toBe(`/courses/${staff.courseId}`);
  });

  it("is connected once to an assignment of its course; later launches open it for everyone", async () => {
    const link = { [CLAIM.resourceLink]: { id: "plain-link-2" }, [CLAIM.context]: { id: "ctx-connect-2" } };
    const staff = await land({ ...link, sub: "teacher-c2", [CLAIM.roles]: INSTRUCTOR });
    const authz = await requireCourseRole({ unsafeCourseId: staff.courseId, roles: STAFF_ROLES, session: staff.session });
    const row = (await selectOptionalCourseResourceLink({ authz, unsafeLinkId: staff.path.split("/")[4] }))!;
    expect(row.resourceLinkId).toBe("plain-link-2");

    // Another course's assignment cannot be connected.
    const other = await land({ [CLAIM.resourceLink]: { id: "x" }, [CLAIM.context]: { id: "ctx-connect-other" }, sub: "teacher-c2", [CLAIM.roles]: INSTRUCTOR });
    const otherAuthz = await requireCourseRole({ unsafeCourseId: other.courseId, roles: STAFF_ROLES, session: other.session });
    const foreign = await insertAssignment({ authz: otherAuthz, courseId: other.courseId, values: { title: "Foreign", points: 5 } });
    await expect(updateResourceLinkAssignment({ authz, link: row, assignmentId: foreign.id })).rejects.toMatchObject({ status: 404 });
    // Nor can a link of another course be looked up through this course.
    expect(await selectOptionalCourseResourceLink({ authz: otherAuthz, unsafeLinkId: row.id })).toBeNull();

    const assignment = await insertAssignmentFromLms({ authz, title: "Connected later", points: 7 });
    expect(await updateResourceLinkAssignment({ authz, link: row, assignmentId: assignment.id })).toBe(true);
    // Once only: its grades went to this assignment's column.
    const second = await insertAssignmentFromLms({ authz, title: "Second", points: 1 });
    expect(await updateResourceLinkAssignment({ authz, link: row, assignmentId: second.id })).toBe(false);

    expect((await land({ ...link, sub: "student-c2" })).path).toBe(`/courses/${staff.courseId}/assignments/${assignment.id}`);
    expect((await land({ ...link, sub: "teacher-c2", [CLAIM.roles]: INSTRUCTOR })).path).toBe(
      `/courses/${staff.courseId}/assignments/${assignment.id}`,
    );
  });

  it("cannot be connected by a student", async () => {
    const link = { [CLAIM.resourceLink]: { id: "plain-link-3" }, [CLAIM.context]: { id: "ctx-connect-3" } };
    const staff = await land({ ...link, sub: "teacher-c3", [CLAIM.roles]: INSTRUCTOR });
    const student = await land({ ...link, sub: "student-c3" });
    await expect(requireCourseRole({ unsafeCourseId: staff.courseId, roles: STAFF_ROLES, session: student.session })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("sends grades that were waiting for an LMS link once the link is connected", async () => {
    const ags = { scope: ["https://purl.imsglobal.org/spec/lti-ags/scope/score"], lineitems: "https://connect-lms.test/ags/4/lineitems", lineitem: "https://connect-lms.test/ags/4/lineitems/1" };
    const link = { [CLAIM.resourceLink]: { id: "plain-link-4" }, [CLAIM.context]: { id: "ctx-connect-4" }, [CLAIM.ags]: ags };
    const staff = await land({ ...link, sub: "teacher-c4", [CLAIM.roles]: INSTRUCTOR });
    const student = await land({ ...link, sub: "student-c4" }); // the student has an LMS identity, and no assignment yet
    const authz = await requireCourseRole({ unsafeCourseId: staff.courseId, roles: STAFF_ROLES, session: staff.session });
    const assignment = await insertAssignmentFromLms({ authz, title: "Worked on before the link", points: 10 });
    // Work done outside a launch (opened from the course page): graded, but there is no link to send it through.
    const [submission] = await handle()
      .db.insert(schema.submissions)
      .values({ courseId: staff.courseId, assignmentId: assignment.id, userId: student.session.user.id, status: "graded", submittedAt: new Date() })
      .returning();
    const outbox = await insertGradeOutboxRow(handle().db, { submissionId: submission.id, scoreGiven: 8, scoreMaximum: 10, changedAt: new Date() });
    const fake = new FakeAgs();
    expect(await deliverOutboxRow(outbox.id, fake)).toMatchObject({ kind: "waiting" });

    const row = (await selectOptionalCourseResourceLink({ authz, unsafeLinkId: staff.path.split("/")[4] }))!;
    expect(await connectLinkToAssignment({ authz, link: row, assignmentId: assignment.id })).toBe(true);
    expect(await selectOutboxRow(systemAuthz(), { outboxId: outbox.id })).toMatchObject({ status: "pending" });
    expect(await deliverOutboxRow(outbox.id, fake)).toMatchObject({ kind: "delivered" });
    expect(fake.calls.at(-1)?.payload).toMatchObject({ userId: "student-c4", scoreGiven: 8, scoreMaximum: 10 });
  });
});
