import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole, systemAuthz } from "@/lib/auth/authz";
import { ALL_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { world } from "@/lib/submissions/test-world";
import { insertAssignment, selectAssignmentWithOwnSubmission } from "./assignments";
import { ensureOwnSubmission } from "./submissions";

withTestDatabase();

async function authzOf(token: string, courseId: string) {
  const session = (await resolveSessionToken(token, "header"))!;
  return requireCourseRole({ unsafeCourseId: courseId, roles: ALL_ROLES, session });
}

describe("selectAssignmentWithOwnSubmission", () => {
  it("returns the caller's own work only, and hides what selectAssignment hides", async () => {
    const w = await world();
    const alice = await authzOf(w.alice.token, w.course.id);
    const bob = await authzOf(w.bob.token, w.course.id);
    expect(await selectAssignmentWithOwnSubmission({ authz: alice, unsafeAssignmentId: w.assignment.id })).toMatchObject({ assignment: w.assignment, submission: null });

    const mine = await ensureOwnSubmission({ authz: alice, assignment: w.assignment });
    expect((await selectAssignmentWithOwnSubmission({ authz: alice, unsafeAssignmentId: w.assignment.id })).submission).toEqual(mine);
    expect((await selectAssignmentWithOwnSubmission({ authz: bob, unsafeAssignmentId: w.assignment.id })).submission).toBeNull();

    const other = await world();
    await expect(selectAssignmentWithOwnSubmission({ authz: alice, unsafeAssignmentId: other.assignment.id })).rejects.toMatchObject({ status: 404 });
    await expect(selectAssignmentWithOwnSubmission({ authz: alice, unsafeAssignmentId: "not-a-uuid" })).rejects.toMatchObject({ status: 404 });
    // Unpublished: hidden from students, as selectAssignment hides it.
    const draft = await insertAssignment({ authz: systemAuthz(), courseId: w.course.id, values: { title: "Draft", points: 1 } });
    expect(draft.publishedAt).toBeNull();
    await expect(selectAssignmentWithOwnSubmission({ authz: alice, unsafeAssignmentId: draft.id })).rejects.toMatchObject({ status: 404 });
  });
});
