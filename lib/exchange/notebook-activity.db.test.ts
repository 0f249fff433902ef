import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { exchangeCourse, exchangeMember, fakeTarball, exchangeClient, memberAuthz } from "@/lib/exchange/testing/fixtures";
import { insertNotebookAssignment } from "@/lib/models/assignment-authoring";
import { selectAssignments } from "@/lib/models/assignments";
import { selectAssignmentProgress } from "@/lib/models/course-dashboard";
import { selectGradebook } from "@/lib/models/gradebook";
import { selectNotebookActivity, withNotebookActivity, withNotebookProgress } from "@/lib/models/notebook-activity";
import { withTestStorage } from "@/lib/storage/testing/test-storage";
import { importNotebookGrades } from "./import-grades";

// Issue 16: fetch/submit activity of notebook assignments reaches the gradebook and the course dashboard.
withTestDatabase();
withTestStorage();

const HEADER = "assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,late_submission_penalty,score,max_score";

describe("notebook activity in the gradebook and dashboard", () => {
  it("shows fetched as in progress, submitted (late as nbgrader sees it) until graded, and counts them per assignment", async () => {
    const course = await exchangeCourse("ACT 1");
    const teacher = await exchangeMember(course, "instructor", "Ada Teacher");
    // Dan Idle never touches it.
    const [amy, bob, cat] = await Promise.all(
      ["Amy Fetcher", "Bob Ontime", "Cat Late", "Dan Idle"].map((n) => exchangeMember(course, "student", n, `${n.split(" ")[0].toLowerCase()}@uni.test`)),
    );
    const staff = await memberAuthz(teacher.user.id, course.id);
    const assignment = await insertNotebookAssignment({ authz: staff, title: "PS 1", slug: "ps 1", points: 10, dueAt: new Date("2026-12-10T23:59:00Z") });
    await exchangeClient(teacher.token).release(course.code!, "ps 1", fakeTarball("v1"), ["nb"]);
    for (const s of [amy, bob, cat]) await exchangeClient(s.token).fetchAssignment(course.code!, "ps 1");
    await exchangeClient(bob.token).submit(course.code!, "ps 1", "2026-12-10 20:00:00.000000 UTC", fakeTarball("b"));
    await exchangeClient(cat.token).submit(course.code!, "ps 1", "2026-12-11 09:00:00.000000 UTC", fakeTarball("c1"));
    await exchangeClient(cat.token).submit(course.code!, "ps 1", "2026-12-11 10:00:00.000000 UTC", fakeTarball("c2"));

    const assignments = await selectAssignments({ authz: staff });
    const { rows } = await selectGradebook({ authz: staff, assignments });
    const cells = () =>
      selectNotebookActivity({ authz: staff, assignments, userIds: rows.map((r) => r.userId) }).then((activity) =>
        Object.fromEntries(withNotebookActivity(rows, activity).map((r) => [r.name, r.cells[assignment.id] && { status: r.cells[assignment.id].status, late: r.cells[assignment.id].late, attempts: r.cells[assignment.id].attempts }])),
      );
    expect(await cells()).toEqual({
      "Amy Fetcher": { status: "in_progress", late: false, attempts: 0 },
      "Bob Ontime": { status: "submitted", late: false, attempts: 1 },
      "Cat Late": { status: "submitted", late: true, attempts: 2 },
      "Dan Idle": undefined,
    });
    const progress = async () => withNotebookProgress(await selectAssignmentProgress({ authz: staff, assignments }), await selectNotebookActivity({ authz: staff, assignments }));
    expect((await progress())[0]).toMatchObject({ students: 4, started: 3, submitted: 2, late: 1, awaitingGrade: 2, graded: 0 });

    // Bob's grade arrives from nbgrader's CSV: his cell is the score, and one submission still waits.
    const csv = [HEADER, "ps 1,,2026-12-10 20:00:00,bob,,,bob@uni.test,8,0,8,10"].join("\n");
    await importNotebookGrades({ authz: staff, csv, source: "grades.csv" });
    const graded = await selectGradebook({ authz: staff, assignments });
    const merged = withNotebookActivity(graded.rows, await selectNotebookActivity({ authz: staff, assignments, userIds: graded.rows.map((r) => r.userId) }));
    expect(merged.find((r) => r.name === "Bob Ontime")!.cells[assignment.id]).toMatchObject({ score: 8, status: "graded", late: false });
    expect((await progress())[0]).toMatchObject({ started: 3, submitted: 2, late: 1, awaitingGrade: 1, graded: 1 });

    // Only staff read it.
    await expect(selectNotebookActivity({ authz: await memberAuthz(amy.user.id, course.id), assignments })).rejects.toMatchObject({ status: 404 });
  });
});
