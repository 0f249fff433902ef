import { describe, expect, it } from "vitest";
import { db, schema } from "@/db";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole } from "@/lib/auth/authz";
import { ALL_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { insertNotebookAssignment, updateAssignmentContent, toAssignmentContent } from "@/lib/models/assignment-authoring";
import { insertCourse } from "@/lib/models/courses";
import { ensureEnrollment } from "@/lib/models/enrollments";
import { insertRegradeJobs } from "@/lib/models/grading-jobs";
import { insertReferenceCheck } from "@/lib/models/reference-checks";
import { selectRegradeProgress } from "@/lib/models/regrade-progress";
import { ensureOwnSubmission } from "@/lib/models/submissions";
import { requireOwnWork } from "@/lib/submissions/work";
import { person } from "@/lib/submissions/test-world";

// Issue 16: a notebook assignment's work is in Jupyter, so every Python-only path (the editor's saves and submits,
// the assignment editor's save, the autograder's regrade and reference checks) answers 404 for one, and writes nothing.
withTestDatabase();

async function member(courseId: string, role: "instructor" | "student") {
  const p = await person(role);
  await ensureEnrollment({ courseId, userId: p.user.id, role, source: "manual" });
  const session = (await resolveSessionToken(p.token, "header"))!;
  return { session, authz: await requireCourseRole({ unsafeCourseId: courseId, roles: ALL_ROLES, session }) };
}

describe("Python-only paths refuse a notebook assignment", () => {
  it("404s the editor's endpoints, the editor save, regrade and reference checks", async () => {
    const course = await insertCourse({ values: { title: "NB", code: "NB" } });
    const staff = await member(course.id, "instructor");
    const student = await member(course.id, "student");
    const assignment = await insertNotebookAssignment({ authz: staff.authz, title: "PS 1", slug: "Problem Set 1", points: 10, dueAt: null });

    // The student's editor would make its row on the first save: refused, and none is made.
    await expect(ensureOwnSubmission({ authz: student.authz, assignment })).rejects.toMatchObject({ status: 404 });
    expect(await db().select().from(schema.submissions)).toEqual([]);
    // A row does exist once staff grade it (nbgrader's CSV): the editor's endpoints still cannot read or write it.
    const [row] = await db()
      .insert(schema.submissions)
      .values({ courseId: course.id, assignmentId: assignment.id, userId: student.authz.session.user.id })
      .returning();
    await expect(requireOwnWork({ session: student.session, unsafeSubmissionId: row.id })).rejects.toMatchObject({ status: 404 });

    const content = toAssignmentContent(assignment);
    await expect(updateAssignmentContent({ authz: staff.authz, assignment, revision: assignment.revision, content, groupId: null })).rejects.toMatchObject({ status: 404 });
    await expect(insertRegradeJobs({ authz: staff.authz, assignment })).rejects.toMatchObject({ status: 404 });
    await expect(selectRegradeProgress({ authz: staff.authz, assignment, since: new Date(0) })).rejects.toMatchObject({ status: 404 });
    await expect(insertReferenceCheck({ authz: staff.authz, assignment, files: [{ name: "main.py", content: "" }] })).rejects.toMatchObject({ status: 404 });
    expect(await db().select().from(schema.gradingJobs)).toEqual([]);
  });
});
