import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "@/db";
import { withTestDatabase } from "@/db/testing/test-database";
import { exchangeCourse, exchangeMember, fakeTarball, exchangeClient, memberAuthz } from "@/lib/exchange/testing/fixtures";
import { insertNotebookAssignment } from "@/lib/models/assignment-authoring";
import { selectOwnNotebookStatus, selectStaffNotebookStatus } from "@/lib/models/notebook-status";
import { selectOwnAssignmentStates } from "@/lib/models/student-course";
import { withTestStorage } from "@/lib/storage/testing/test-storage";
import { importNotebookGrades, planNotebookGrades } from "./import-grades";

// The product half of the exchange: what staff and students see of a notebook assignment, and nbgrader's grades CSV
// going to the LMS outbox like any other grade.

withTestDatabase();
withTestStorage();

const HEADER = "assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,late_submission_penalty,score,max_score";

function authzOf(userId: string) {
  return (courseId: string) => memberAuthz(userId, courseId);
}

async function setup(code: string) {
  const course = await exchangeCourse(code);
  const teacher = await exchangeMember(course, "instructor", "Ada Teacher", "ada@example.edu");
  const sam = await exchangeMember(course, "student", "Sam Student", "sam@example.edu");
  const lou = await exchangeMember(course, "student", "Lou Late", "lou@example.edu");
  const staff = await (await authzOf(teacher.user.id))(course.id);
  const samAuthz = await (await authzOf(sam.user.id))(course.id);
  const assignment = await insertNotebookAssignment({ authz: staff, title: "Problem set 1", slug: "ps1", points: 10, dueAt: null });
  return { course, teacher, sam, lou, staff, samAuthz, assignment };
}

describe("notebook assignment status", () => {
  it("shows staff the release, who fetched and submitted and the feedback, and each student only their own", async () => {
    const { course, teacher, sam, staff, samAuthz, assignment } = await setup("NB 1");
    expect(await selectStaffNotebookStatus({ authz: staff, assignment })).toMatchObject({ code: "ps1", state: "not_released", releases: [] });

    // Releasing the assignment's nbgrader name attaches the release to it (no second Lantern assignment).
    await exchangeClient(teacher.token).release(course.code!, "ps1", fakeTarball("v1"), ["lab", "intro"]);
    // nbgrader's fetch and submit list first (which gives the student their nbgrader id); collect comes before feedback.
    await exchangeClient(sam.token).list(course.code!);
    const fetched = await exchangeClient(sam.token).fetchAssignment(course.code!, "ps1");
    expect(fetched.status).toBe(200);
    await exchangeClient(sam.token).submit(course.code!, "ps1", "2030-01-02T03:04:05.5Z", fakeTarball("work"));
    await exchangeClient(teacher.token).collections(course.code!, "ps1");
    const html = new TextEncoder().encode("<p>ok</p>");
    const checksum = "x";
    await exchangeClient(teacher.token).releaseFeedback({ course: course.code!, assignment: "ps1", notebook: "intro", student: "sam", timestamp: "2030-01-02 03:04:05.500000 UTC", checksum }, html);

    const status = await selectStaffNotebookStatus({ authz: staff, assignment });
    expect(status.state).toBe("released");
    expect(status.releases).toEqual([expect.objectContaining({ releasedBy: "Ada Teacher", notebooks: ["intro", "lab"] })]);
    expect(status.rows.map((r) => r.name)).toEqual(["Lou Late", "Sam Student"]);
    const samRow = status.rows.find((r) => r.userId === sam.user.id)!;
    expect(samRow).toMatchObject({ username: "sam", submissionCount: 1, submissionTimestamp: "2030-01-02 03:04:05.500000 UTC", feedbackNotebooks: ["intro"], score: null });
    expect(samRow.fetchedAt).toBeInstanceOf(Date);
    expect(status.rows.find((r) => r.name === "Lou Late")).toMatchObject({ fetchedAt: null, submissionCount: 0, feedbackNotebooks: [] });

    const own = await selectOwnNotebookStatus({ authz: samAuthz, assignment });
    expect(own).toMatchObject({ code: "ps1", state: "released", notebooks: ["intro", "lab"], username: "sam", progress: { submissionCount: 1, feedbackNotebooks: ["intro"] } });
    await expect(selectStaffNotebookStatus({ authz: samAuthz, assignment })).rejects.toMatchObject({ status: 404 });
    // The student's course page shows it submitted (the work is in Jupyter; there is no Lantern submission yet).
    expect((await selectOwnAssignmentStates({ authz: samAuthz, assignments: [assignment] })).get(assignment.id)).toMatchObject({ status: "submitted", attempts: 1 });

    await exchangeClient(teacher.token).unrelease(course.code!, "ps1");
    expect((await selectOwnNotebookStatus({ authz: samAuthz, assignment })).state).toBe("unreleased");
  });
});

describe("nbgrader grades CSV", () => {
  it("previews row by row, then sends each new score through the grade outbox; a second import sends nothing", async () => {
    const { course, teacher, sam, lou, staff, samAuthz, assignment } = await setup("NB 2");
    await exchangeClient(teacher.token).release(course.code!, "ps1", fakeTarball("v1"), ["intro"]);
    await exchangeClient(sam.token).list(course.code!);
    await exchangeClient(lou.token).list(course.code!);
    await exchangeClient(sam.token).submit(course.code!, "ps1", "2030-01-02T03:04:05.5Z", fakeTarball("work"));
    // "sam" was taken by the first test's Sam, so this one's nbgrader id has a suffix; Lou is matched by email.
    const samId = (await selectOwnNotebookStatus({ authz: samAuthz, assignment })).username!;
    expect(samId).toMatch(/^sam-[0-9a-f]{4}$/);
    const csv = [
      HEADER,
      `ps1,,2030-01-02 03:04:05.500000,${samId},Student,Sam,,6.0,0.0,6.0,9.0`,
      "ps1,,,someone,Late,Lou,lou@example.edu,0.0,0.0,0.0,9.0",
      "ps1,,2030-01-02 03:04:05,nobody,,,,1,0,1,9",
      `ps9,,2030-01-02 03:04:05,${samId},,,,1,0,1,9`,
      "ps1,,2030-01-02 03:04:05,sam,,,,oops,0,oops,9",
    ].join("\n");

    const plan = await planNotebookGrades({ authz: staff, csv });
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.rows.map((r) => [r.outcome, r.score]), JSON.stringify(plan.rows.map((r) => r.message))).toEqual([
      ["send", 6.67],
      ["skip", null],
      ["problem", null],
      ["problem", null],
      ["problem", null],
    ]);
    expect(plan.rows[1].student?.userId).toBe(lou.user.id);
    expect(plan.rows[4].message).toBe('The score "oops" is not a number.');
    expect(plan.rows[2].message).toContain('nbgrader id "nobody"');
    expect(plan.rows[3].message).toContain('"ps9"');
    // The preview changed nothing.
    expect(await db().select().from(schema.submissions).where(eq(schema.submissions.assignmentId, assignment.id))).toEqual([]);

    // Only staff of the course may import; a student gets a 404 and nothing changes.
    await expect(importNotebookGrades({ authz: samAuthz, csv, source: "grades.csv" })).rejects.toMatchObject({ status: 404 });

    const result = await importNotebookGrades({ authz: staff, csv, source: "grades.csv" });
    expect(result.sent).toBe(1);
    const rows = await db().select().from(schema.submissions).where(eq(schema.submissions.assignmentId, assignment.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: sam.user.id, score: 6.67, status: "graded" });
    const outbox = await db().select().from(schema.gradeOutbox).where(eq(schema.gradeOutbox.submissionId, rows[0].id));
    expect(outbox).toEqual([expect.objectContaining({ scoreGiven: 6.67, scoreMaximum: 10 })]);
    const history = await db().select().from(schema.gradeHistory).where(eq(schema.gradeHistory.submissionId, rows[0].id));
    expect(history).toEqual([expect.objectContaining({ kind: "override", newScore: 6.67, actorUserId: teacher.user.id, reason: "nbgrader grades CSV grades.csv: 6 / 9" })]);
    expect((await selectStaffNotebookStatus({ authz: staff, assignment })).rows.find((r) => r.userId === sam.user.id)?.score).toBe(6.67);
    expect((await selectStaffNotebookStatus({ authz: staff, assignment })).rows.find((r) => r.userId === lou.user.id)?.score).toBeNull();

    const again = await importNotebookGrades({ authz: staff, csv, source: "grades.csv" });
    expect(again.sent).toBe(0);
    expect(again.rows[0].outcome).toBe("unchanged");
    expect(await db().select().from(schema.gradeOutbox).where(eq(schema.gradeOutbox.submissionId, rows[0].id))).toHaveLength(1);
  });

  it("refuses a file that is not a grades CSV with a field error", async () => {
    const { staff } = await setup("NB 3");
    await expect(importNotebookGrades({ authz: staff, csv: "Student,ID\nAda,1", source: "x.csv" })).rejects.toMatchObject({
      status: 400,
      fieldErrors: { file: [expect.stringContaining("no assignment, student_id, score, max_score columns")] },
    });
  });
});
