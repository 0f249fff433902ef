import { gzipSync } from "node:zlib";
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { NbgraderClient } from "../lib/exchange/testing/nbgrader-client";
import { LMS_ORIGIN, TOOL_ORIGIN } from "../playwright.config";
import { linkByDeepLinking, openCourseAsInstructor, openLinkAsStudent, registerTool } from "./dev-lms";
import { expectAccessible, expectFocusVisible, seedCourse, signIn, unique } from "./helpers";

// Issue 16's product half through the dev LMS: an instructor creates a notebook assignment in Lantern's course pages,
// releases it over the exchange HTTP API with their own exchange token, and links it from the LMS; the student
// launches it and sees how to fetch it in Jupyter, gets a token, fetches and submits over the API as nbgrader's
// plugin does; the instructor sees who fetched and submitted, returns feedback, uploads nbgrader's grades CSV, and the
// dev LMS gradebook shows the score.

const exchange = (token: string) => new NbgraderClient((req) => fetch(req), TOOL_ORIGIN, { token });
const HEADER = "assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,late_submission_penalty,score,max_score";

/** Creates an exchange token on Connect Jupyter and reads it from the one place it is ever shown. */
async function createExchangeToken(page: Page, tool: FrameLocator): Promise<string> {
  await expect(tool.getByRole("heading", { level: 1, name: "Connect Jupyter" })).toBeVisible();
  await tool.getByRole("button", { name: "Create exchange token" }).click();
  const field = tool.getByLabel("Your exchange token (NAAS_JWT)");
  await expect(field).toHaveValue(/^lnt_/);
  const token = await field.inputValue();
  await expectAccessible(page);
  return token;
}

async function json(response: Response) {
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json();
}

test("a notebook assignment: created in Lantern, released, fetched and submitted over the exchange, graded from nbgrader's CSV into the LMS", async ({ page }) => {
  test.setTimeout(240_000);
  await registerTool(page);
  const contextId = unique("e2e-nb");
  const course = contextId; // the dev LMS's context label, which Lantern takes as the course code nbgrader uses
  const title = `Problem set ${contextId.slice(-4)}`;
  // Any name nbgrader accepts (spaces, capitals): releases match it exactly, and the commands shown quote it.
  const name = "Problem Set 1";

  // The instructor creates the notebook assignment; a name nbgrader could not use is refused under its field.
  const staff = await openCourseAsInstructor(page, contextId);
  await staff.getByRole("navigation", { name: "Course" }).getByRole("link", { name: "New notebook assignment" }).click();
  await expect(staff.getByRole("heading", { level: 1, name: "New notebook assignment" })).toBeVisible();
  await staff.getByLabel("Title").fill(title);
  await staff.getByLabel("nbgrader assignment name").fill("Problem+Set+1");
  await staff.getByRole("button", { name: "Create notebook assignment" }).click();
  await expect(staff.getByText("nbgrader does not allow “+” in assignment names.")).toBeVisible();
  await expect(staff.getByLabel("nbgrader assignment name")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);
  await staff.getByLabel("nbgrader assignment name").fill(name);
  // Due before the student submits below, so the submission is late as nbgrader would mark it.
  await staff.getByLabel("Due date (optional)").fill("2026-12-01T12:00");
  await staff.getByRole("button", { name: "Create notebook assignment" }).click();
  await expect(staff.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(staff.getByText("Not released yet.")).toBeVisible();
  await expectAccessible(page);

  // The instructor's own exchange token, and a release over the HTTP API as nbgrader release_assignment sends it.
  await staff.getByRole("link", { name: "Connect Jupyter" }).click();
  const teacherToken = await createExchangeToken(page, staff);
  const release = gzipSync(Buffer.from("Problem Set 1/intro.ipynb and Problem Set 1/lab.ipynb"));
  expect(await json(await exchange(teacherToken).release(course, name, new Uint8Array(release), ["intro", "lab"]))).toEqual({ success: true, note: "Released" });

  // Linked from the LMS by Deep Linking, like any Lantern assignment.
  await linkByDeepLinking(page, contextId, title);

  // The student launches it: how to fetch it in Jupyter, for this course, and their (empty) status.
  const student = await openLinkAsStudent(page, contextId, title);
  await expect(student.getByRole("heading", { name: "Fetch it in Jupyter" })).toBeVisible();
  await expect(student.getByText("nbgrader fetch_assignment 'Problem Set 1'").first()).toBeVisible();
  await expect(student.getByRole("figure", { name: "nbgrader_config.py" })).toContainText(`c.CourseDirectory.course_id = "${course}"`);
  await expect(student.getByRole("figure", { name: "Environment" })).toContainText(`export NAAS_BASE_URL='${TOOL_ORIGIN}'`);
  await expect(student.getByText("Not fetched yet.")).toBeVisible();
  await expect(student.getByText("Not submitted yet.")).toBeVisible();
  await expectAccessible(page);
  await student.getByRole("link", { name: "Get your exchange token" }).click();
  const studentToken = await createExchangeToken(page, student);
  await expect(student.getByRole("list").filter({ hasText: "expires" })).toContainText(studentToken.slice(0, 10));

  // nbgrader fetch_assignment and submit, as the plugin calls them (list first, then the transfer).
  const nbgrader = exchange(studentToken);
  const listed = await json(await nbgrader.list(course));
  expect(listed.value).toEqual([expect.objectContaining({ assignment_id: name, course_id: course, status: "released" })]);
  const fetched = await nbgrader.fetchAssignment(course, name);
  expect(fetched.headers.get("content-type")).toBe("application/gzip");
  expect(Buffer.from(await fetched.arrayBuffer()).equals(release)).toBe(true);
  expect(await json(await nbgrader.submit(course, name, "2026-12-03 10:00:00.123456 UTC", new Uint8Array(gzipSync(Buffer.from("my answers")))))).toEqual({
    success: true,
    note: "Submitted",
  });
  // The student cannot release (nothing changes) and sees their submission on the page.
  expect(await json(await nbgrader.release(course, name, new Uint8Array(release), ["intro"]))).toEqual({ success: false, note: `User not an instructor to course ${course}` });
  await openLinkAsStudent(page, contextId, title);
  await expect(student.getByText(/^Fetched /)).toBeVisible();
  await expect(student.getByText("2026-12-03 10:00:00.123456 UTC")).toBeVisible();
  await expect(student.getByText(/late by \d+ days? \d+ h/)).toBeVisible();
  await expect(student.getByText("No feedback yet.")).toBeVisible();

  // The instructor collects and releases feedback over the API (nbgrader collect / release_feedback).
  const marker = exchange(teacherToken);
  const collections = await json(await marker.collections(course, name));
  expect(collections.value).toEqual([expect.objectContaining({ full_name: "Grace Hopper", timestamp: "2026-12-03 10:00:00.123456 UTC" })]);
  const studentId: string = collections.value[0].student_id;
  expect((await marker.collect(course, name, collections.value[0].path)).headers.get("content-type")).toBe("application/gzip");
  const feedback = { course, assignment: name, notebook: "intro", student: studentId, timestamp: "2026-12-03 10:00:00.123456 UTC", checksum: "0f1e2d" };
  expect(await json(await marker.releaseFeedback(feedback, new TextEncoder().encode("<p>Well done</p>")))).toEqual({ success: true, note: "Feedback released" });

  // The instructor sees who fetched and submitted, and the feedback.
  const back = await openCourseAsInstructor(page, contextId);
  await back.getByRole("link", { name: `Exchange status of ${title}` }).click();
  await expect(back.getByText("Released: students can fetch and submit it.")).toBeVisible();
  const row = back.getByRole("row", { name: /Grace Hopper/ });
  await expect(row.getByRole("cell", { name: studentId, exact: true })).toBeVisible();
  await expect(row).toContainText("intro");
  await expect(row).toContainText(/late by \d+ days?/);
  await expect(back.getByRole("heading", { name: "Students (1 of" })).toBeVisible();
  await expectAccessible(page);

  // The gradebook and dashboard show the exchange's activity before any grade: submitted, late, waiting for a grade.
  // The assignment page has breadcrumbs, not the course nav: its second crumb is the course page.
  await back.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link").nth(1).click();
  const courseNav = back.getByRole("navigation", { name: "Course" });
  await courseNav.getByRole("link", { name: "Gradebook" }).click();
  await expect(back.getByRole("link", { name: "Grace Hopper: submitted, no grade yet, late" })).toBeVisible();
  await expectAccessible(page);
  // Her page shows the exchange activity (the code is in Jupyter, so no empty code or autograder sections).
  await back.getByRole("link", { name: "Grace Hopper: submitted, no grade yet, late" }).click();
  const activity = back.getByRole("region", { name: "Notebook activity" });
  await expect(activity).toContainText("Submitted1 time, last");
  await expect(activity).toContainText("late");
  await expect(activity).toContainText("Gradednot yet");
  await expect(back.getByRole("heading", { name: "Code and its history" })).toHaveCount(0);
  await expectAccessible(page);
  await back.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Gradebook" }).click();
  await expect(back.getByRole("link", { name: "Grace Hopper: submitted, no grade yet, late" })).toBeVisible();
  await courseNav.getByRole("link", { name: "Dashboard" }).click();
  await expect(back.getByRole("link", { name: `1 submission of ${title} waiting for a grade` })).toBeVisible();
  await expect(back.getByRole("row", { name: new RegExp(title) })).toContainText(/1 of \d+ started/);
  await expectAccessible(page);
  await back.getByRole("link", { name: `1 submission of ${title} waiting for a grade` }).click();
  await expect(back.getByRole("heading", { level: 1, name: title })).toBeVisible();

  // nbgrader's grades CSV: a file that is not one is refused under the field; the real one previews, then is sent.
  await back.getByRole("link", { name: "Upload nbgrader grades" }).click();
  await expect(back.getByRole("heading", { level: 1, name: "Notebook grades" })).toBeVisible();
  await back.getByLabel("nbgrader grades CSV").setInputFiles({ name: "canvas.csv", mimeType: "text/csv", buffer: Buffer.from("Student,ID\nGrace,1\n") });
  await back.getByRole("button", { name: "Preview the grades" }).click();
  await expect(back.getByText("The file has no assignment, student_id, score, max_score columns")).toBeVisible();
  await expect(back.getByLabel("nbgrader grades CSV")).toHaveAttribute("aria-invalid", "true");
  const csv = [HEADER, `${name},,2026-12-03 10:00:00.123456,${studentId},Hopper,Grace,grace.student@dev-lms.test,7.5,0.0,7.5,9.0`, `${name},,,someone-else,,,,0.0,0.0,0.0,9.0`].join("\n");
  await back.getByLabel("nbgrader grades CSV").setInputFiles({ name: "grades.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await back.getByRole("button", { name: "Preview the grades" }).click();
  await expect(back.getByRole("heading", { name: "Preview: 1 grade to send" })).toBeVisible();
  await expect(back.getByRole("row", { name: /Grace Hopper/ })).toContainText("8.33 / 10");
  await expect(back.getByRole("row", { name: /someone-else/ })).toContainText("Problem");
  await expectAccessible(page);
  await back.getByRole("button", { name: "Send 1 grade to the LMS" }).click();
  await expect(back.getByText("1 grade is on its way to the LMS.")).toBeVisible();

  // The dev LMS gradebook shows it.
  await expect
    .poll(
      async () => {
        const body = (await (await page.request.get(`${LMS_ORIGIN}/dev/lms/api/recorded?contextId=${encodeURIComponent(contextId)}`)).json()) as {
          results: { lineItemLabel: string; userId: string; scoreGiven: number | null }[];
        };
        return body.results.find((r) => r.userId === "dev-student" && r.lineItemLabel === title)?.scoreGiven ?? null;
      },
      { timeout: 60_000 },
    )
    .toBe(8.33);
  await page.goto(`${LMS_ORIGIN}/dev/lms/gradebook?context=${contextId}`);
  await expect(page.getByRole("row", { name: /Grace Hopper/ })).toContainText("8.33 / 10");
  await expectAccessible(page);
});

test("the notebook pages by keyboard: a visible focus at every stop, field errors announced, focus kept on the button", async ({ page }) => {
  test.setTimeout(120_000);
  const { courseId } = await seedCourse(page.request, { courseTitle: unique("Notebook keyboard") });
  await signIn(page, { key: unique("nb-teacher"), name: "Nia Teacher", courseId, role: "instructor" });

  await page.goto(`/courses/${courseId}/assignments/new-notebook`);
  await expect(page.getByRole("heading", { level: 1, name: "New notebook assignment" })).toBeVisible();
  await expectFocusVisible(page);
  await page.getByLabel("Title").focus();
  await page.keyboard.type("Lab 1");
  await page.getByLabel("Points in the LMS gradebook").focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("ten");
  await page.getByRole("button", { name: "Create notebook assignment" }).focus();
  await page.keyboard.press("Enter");
  // Next's route announcer is an alert too: the form's own outcome is the one with the words.
  await expect(page.getByRole("alert").filter({ hasText: "check the fields marked above" })).toBeVisible();
  await expect(page.getByText("Enter the points as a number such as 10 or 12.5.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create notebook assignment" })).toBeFocused();

  await page.goto(`/courses/${courseId}/jupyter`);
  await expect(page.getByRole("heading", { level: 1, name: "Connect Jupyter" })).toBeVisible();
  // The seeded course has no code: the page says nbgrader needs one instead of showing a config that cannot work.
  await expect(page.getByText("This course has no course code")).toBeVisible();
  await expectAccessible(page);
  await expectFocusVisible(page);
  await page.getByRole("button", { name: "Create exchange token" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Copy it now" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Revoke token lnt_/ })).toBeVisible();

  await page.goto(`/courses/${courseId}/notebook-grades`);
  await expect(page.getByRole("heading", { level: 1, name: "Notebook grades" })).toBeVisible();
  await expect(page.getByText("This course has no notebook assignments yet.")).toBeVisible();
  await expectAccessible(page);
  await expectFocusVisible(page);
});
