import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole, systemAuthz } from "@/lib/auth/authz";
import { ALL_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { ensureExtensions } from "@/lib/models/extensions";
import { selectCourseMember } from "@/lib/models/staff-work";
import { ensureOwnSubmission, selectOwnSubmission, selectSubmissionDates, updateLmsDates } from "@/lib/models/submissions";
import { world } from "./test-world";

withTestDatabase();

const d = (s: string) => new Date(s);

describe("due and lock dates", () => {
  it("apply the assignment's, then the LMS launch's, then a per-student extension", async () => {
    const w = await world({ dueAt: d("2026-03-01T00:00Z"), lockAt: d("2026-03-05T00:00Z") });
    const session = (await resolveSessionToken(w.alice.token, "header"))!;
    const authz = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session });
    let submission = await ensureOwnSubmission({ authz, assignment: w.assignment });
    expect(await selectSubmissionDates({ assignment: w.assignment, submission })).toEqual({ dueAt: d("2026-03-01T00:00Z"), lockAt: d("2026-03-05T00:00Z") });

    await updateLmsDates(systemAuthz(), { submissionId: submission.id, dueAt: d("2026-03-02T00:00Z"), lockAt: null });
    submission = await selectOwnSubmission({ session, unsafeSubmissionId: submission.id });
    expect(await selectSubmissionDates({ assignment: w.assignment, submission })).toEqual({ dueAt: d("2026-03-02T00:00Z"), lockAt: d("2026-03-05T00:00Z") });

    const teacher = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session: (await resolveSessionToken(w.teacher.token, "header"))! });
    const aliceMember = await selectCourseMember({ authz: teacher, unsafeUserId: w.alice.user.id });
    const grant = { dueAt: d("2026-03-09T00:00Z"), lockAt: d("2026-03-10T00:00Z"), extraDays: 0, extraAttempts: 0, reason: "illness" };
    await ensureExtensions({ authz: teacher, assignment: w.assignment, members: [aliceMember], grant });
    expect(await selectSubmissionDates({ assignment: w.assignment, submission })).toEqual({ dueAt: d("2026-03-09T00:00Z"), lockAt: d("2026-03-10T00:00Z") });
    // Bob has no extension: the assignment's dates still apply to him.
    expect(await selectSubmissionDates({ assignment: w.assignment, submission: { userId: w.bob.user.id, lmsDueAt: null, lmsLockAt: null } })).toEqual({
      dueAt: d("2026-03-01T00:00Z"),
      lockAt: d("2026-03-05T00:00Z"),
    });
    // Students cannot grant extensions.
    await expect(ensureExtensions({ authz, assignment: w.assignment, members: [aliceMember], grant })).rejects.toMatchObject({ status: 404 });
  });
});

describe("dates from an LMS launch", () => {
  it("override the assignment's for that student, before and after they start work", async () => {
    const { ensureLmsDatesFromLaunch } = await import("@/lib/models/submissions");
    const { lmsDatesFromCustom } = await import("@/lib/lti/lms-dates");
    const w = await world({ dueAt: d("2026-03-01T00:00Z"), lockAt: d("2026-03-05T00:00Z") });
    const session = (await resolveSessionToken(w.alice.token, "header"))!;
    const authz = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session });
    const launch = (custom: Record<string, string>) =>
      ensureLmsDatesFromLaunch(systemAuthz(), { courseId: w.course.id, assignmentId: w.assignment.id, userId: w.alice.user.id, ...lmsDatesFromCustom(custom) });

    await launch({ due_at: "2026-03-03T12:00:00Z", lock_at: "$Canvas.assignment.lockAt.iso8601" });
    const submission = await ensureOwnSubmission({ authz, assignment: w.assignment });
    expect(await selectSubmissionDates({ assignment: w.assignment, submission })).toEqual({ dueAt: d("2026-03-03T12:00Z"), lockAt: d("2026-03-05T00:00Z") });

    await launch({ due_at: "", lock_at: "2026-03-04T00:00:00Z" });
    const again = await selectOwnSubmission({ session, unsafeSubmissionId: submission.id });
    expect(await selectSubmissionDates({ assignment: w.assignment, submission: again })).toEqual({ dueAt: d("2026-03-01T00:00Z"), lockAt: d("2026-03-04T00:00Z") });
  });
});
