import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { systemAuthz } from "@/lib/auth/authz";
import { exchangeCourse, exchangeMember, fakeTarball, exchangeClient, memberAuthz } from "@/lib/exchange/testing/fixtures";
import { insertNotebookAssignment, updateNotebookAssignment } from "@/lib/models/assignment-authoring";
import { insertAssignment } from "@/lib/models/assignments";
import { ensureExtensions } from "@/lib/models/extensions";
import { selectOwnNotebookStatus, selectStaffNotebookStatus } from "@/lib/models/notebook-status";
import { selectCourseMember } from "@/lib/models/staff-work";
import { withTestStorage } from "@/lib/storage/testing/test-storage";

// Issue 16: notebook assignments have a due date, shown to students, and a submission is late as nbgrader sees it:
// by its own nbgrader timestamp against the student's due date (extensions included).
withTestDatabase();
withTestStorage();


describe("due dates of notebook assignments", () => {
  it("mark a submission late by its nbgrader timestamp, per student, and an extension moves it", async () => {
    const course = await exchangeCourse("DUE 1");
    const teacher = await exchangeMember(course, "instructor", "Ada Teacher");
    const early = await exchangeMember(course, "student", "Eve Early", "eve@uni.test");
    const late = await exchangeMember(course, "student", "Lou Late", "lou@uni.test");
    const extended = await exchangeMember(course, "student", "Max Extended", "max@uni.test");
    const staff = await memberAuthz(teacher.user.id, course.id);
    const due = new Date("2026-12-10T23:59:00Z");
    let assignment = await insertNotebookAssignment({ authz: staff, title: "PS 1", slug: "PS 1", points: 10, dueAt: due });
    await exchangeClient(teacher.token).release(course.code!, "PS 1", fakeTarball("v1"), ["nb"]);
    // nbgrader writes the student's own clock, with its offset; the exchange keeps the instant.
    await exchangeClient(early.token).submit(course.code!, "PS 1", "2026-12-11 00:58:00.000000 +0100", fakeTarball("e"));
    await exchangeClient(late.token).submit(course.code!, "PS 1", "2026-12-11 01:04:30.000000 UTC", fakeTarball("l"));
    await exchangeClient(extended.token).submit(course.code!, "PS 1", "2026-12-12 10:00:00.000000 UTC", fakeTarball("x"));
    await ensureExtensions({
      authz: staff,
      assignment,
      members: [await selectCourseMember({ authz: staff, unsafeUserId: extended.user.id })],
      grant: { dueAt: new Date("2026-12-13T00:00:00Z"), lockAt: null, extraDays: 0, extraAttempts: 0, reason: "" },
    });

    const lateness = async () => Object.fromEntries((await selectStaffNotebookStatus({ authz: staff, assignment })).rows.map((r) => [r.name, r.lateByMs]));
    expect(await lateness()).toEqual({ "Eve Early": null, "Lou Late": (65 * 60 + 30) * 1000, "Max Extended": null });
    const lou = await selectOwnNotebookStatus({ authz: await memberAuthz(late.user.id, course.id), assignment });
    expect(lou).toMatchObject({ dueAt: due, lateByMs: (65 * 60 + 30) * 1000 });
    const max = await selectOwnNotebookStatus({ authz: await memberAuthz(extended.user.id, course.id), assignment });
    expect(max).toMatchObject({ dueAt: new Date("2026-12-13T00:00:00Z"), lateByMs: null });

    // Staff move the due date: lateness follows; a Python assignment and a student are refused.
    assignment = await updateNotebookAssignment({ authz: staff, assignment, title: "Problem set 1", points: 12, dueAt: new Date("2026-12-11T00:00:00Z") });
    expect(assignment).toMatchObject({ title: "Problem set 1", points: 12, slug: "PS 1" });
    expect(await lateness()).toEqual({ "Eve Early": null, "Lou Late": (64 * 60 + 30) * 1000, "Max Extended": null });
    const python = await insertAssignment({ authz: systemAuthz(), courseId: course.id, values: { title: "Loops", slug: "loops" } });
    await expect(updateNotebookAssignment({ authz: staff, assignment: python, title: "x", points: 1, dueAt: null })).rejects.toMatchObject({ status: 404 });
    await expect(updateNotebookAssignment({ authz: await memberAuthz(early.user.id, course.id), assignment, title: "x", points: 1, dueAt: null })).rejects.toMatchObject({ status: 404 });
  });
});
