import { expect, test, type FrameLocator } from "@playwright/test";
import { linkByDeepLinking, openCourseAsInstructor, openLinkAsStudent, registerTool, replaceCode } from "./dev-lms";
import { expectAccessible, unique } from "./helpers";

// Issue 12's "done when", through the dev LMS (a real third-party frame): roster sync brings in members who never
// launched (30+ over several NRPS pages) and the gradebook shows them; the instructor replays a student's history and
// comments on two lines, which the student sees in the editor; an override survives a resubmission and a regrade and
// the student sees it; view as student shows the student's page and refuses saving; extensions reach the student;
// the dashboard's charts render; every page passes axe; the frame is resized to its content (lti.frameResize).

const nav = (tool: FrameLocator, name: string) => tool.getByRole("navigation", { name: "Course" }).getByRole("link", { name, exact: true });

test("an instructor's course: roster, gradebook, a student's history and comments, overrides that stick, view as, extensions, dashboard", async ({ page }) => {
  test.setTimeout(420_000);
  await registerTool(page);
  const contextId = unique("e2e-instructor");
  const title = `Echo ${contextId.slice(-4)}`;

  await test.step("the instructor creates and links an autograded assignment", async () => {
    const tool = await openCourseAsInstructor(page, contextId);
    // Lantern asked the LMS to fit the frame to its content (lti.frameResize), and the dev LMS did, as Canvas does.
    await expect(page.locator('iframe[name="lti_tool"]')).toHaveAttribute("data-resized-to", /^\d+$/);
    await nav(tool, "New assignment").click();
    await tool.getByLabel("Title").fill(title);
    await tool.getByLabel("Short name").fill("echo");
    await replaceCode(tool.getByRole("textbox", { name: "Starter file: main.py" }), 'print("")\n');
    await tool.getByRole("button", { name: "Add an input/output test" }).click();
    const io = tool.getByRole("group", { name: /Input\/output test 1/ });
    await io.getByLabel("Name").fill("echoes a line");
    await io.getByLabel("Input (stdin)").fill("hello\n");
    await io.getByLabel("Expected output (stdout)").fill("hello\n");
    await tool.getByRole("button", { name: "Create assignment" }).click();
    await expect(tool.getByRole("status").filter({ hasText: "Created. It is a draft" })).toBeVisible();
    await tool.getByLabel("Status").selectOption("published");
    await tool.getByRole("button", { name: "Save", exact: true }).click();
    await expect(tool.getByText("Published.")).toBeVisible();

    await linkByDeepLinking(page, contextId, title);
  });

  await test.step("the student writes two versions and submits a wrong answer", async () => {
    const editor = await openLinkAsStudent(page, contextId, title);
    // The server has the autosave once the editor's PUT succeeds (a version of its own, before the submitted one).
    const saved = page.waitForResponse((r) => r.url().endsWith("/files") && r.request().method() === "PUT" && r.ok());
    await replaceCode(editor.getByRole("textbox", { name: /main\.py/ }), 'line = input()\nprint("hi")\n');
    await saved;
    // Inside the LMS frame too, the status line follows the save (it once stayed on "Saving…" there).
    await expect(editor.getByRole("status").filter({ hasText: /Saved|Saving|Offline|Not saved/ })).toHaveText("Saved");
    await editor.getByRole("button", { name: "Submit" }).click();
    await expect(editor.getByRole("heading", { name: "Grade: 0 / 10" })).toBeVisible({ timeout: 90_000 });
  });

  const tool = await openCourseAsInstructor(page, contextId);

  await test.step("roster sync brings in the members who never launched", async () => {
    await nav(tool, "Roster").click();
    await expect(tool.getByRole("heading", { level: 1, name: "Roster" })).toBeVisible();
    await tool.getByRole("button", { name: "Sync roster now" }).click();
    await expect(tool.getByRole("rowheader", { name: /^Learner 30/ })).toBeVisible({ timeout: 60_000 });
    // The end is announced in the status region that announced the start, and stays after the page refreshed.
    await expect(tool.getByRole("status").filter({ hasText: /^Roster sync finished: \d+ members/ })).toBeVisible();
    await tool.getByLabel("Never launched only").check();
    await tool.getByRole("button", { name: "Apply" }).click();
    await expect(tool.getByRole("status").filter({ hasText: /^\d+ match/ })).toHaveText(/^(3\d|[4-9]\d) matches/);
    await expect(tool.getByRole("rowheader", { name: /Grace Hopper/ })).toHaveCount(0);
    await expectAccessible(page);
  });

  await test.step("the gradebook lists them; the student's cell opens their work by keyboard", async () => {
    await nav(tool, "Gradebook").click();
    await expect(tool.getByRole("heading", { level: 1, name: "Gradebook" })).toBeVisible();
    await expect(tool.getByRole("rowheader", { name: /Learner 01/ })).toContainText("never launched");
    await expectAccessible(page);
    const cell = tool.getByRole("link", { name: /^Grace Hopper: 0 of 10/ });
    await cell.focus();
    await cell.press("Enter");
    await expect(tool.getByRole("heading", { level: 1, name: new RegExp(`Grace Hopper.*${title}`) })).toBeVisible();
  });

  await test.step("replay, two line comments (one by keyboard), and an override", async () => {
    const slider = tool.getByLabel(/^Version \d+ of \d+$/);
    const label = await tool.locator('label[for="replay-slider"]').textContent();
    const [, shown, total] = /Version (\d+) of (\d+)/.exec(label ?? "")!.map(Number);
    expect(total).toBeGreaterThanOrEqual(2);
    await slider.focus();
    await slider.press("ArrowLeft");
    await expect(tool.locator('label[for="replay-slider"]')).toHaveText(`Version ${shown - 1} of ${total}`);
    await slider.press("End");
    await expect(tool.locator('label[for="replay-slider"]')).toHaveText(`Version ${total} of ${total}`);
    await expectAccessible(page);

    await tool.getByRole("button", { name: "Line 1", exact: true }).click();
    const body = tool.getByLabel("Comment (Markdown)");
    await body.fill("You read the line: now **print** it.");
    await body.press("ControlOrMeta+Enter");
    await expect(tool.getByText("Comment added on line 1.")).toBeVisible();
    await tool.getByRole("button", { name: "Line 2", exact: true }).click();
    await body.fill("This prints a constant.");
    await tool.getByRole("button", { name: "Add comment" }).click();
    await expect(tool.getByText("Comment added on line 2.")).toBeVisible();

    const grade = tool.getByRole("form", { name: "Change the grade" });
    await grade.getByLabel("New score (0–10)").fill("0x10");
    await grade.getByLabel("Reason (kept in the grade history)").fill("Partial credit by hand");
    await grade.getByRole("button", { name: "Save grade" }).click();
    await expect(grade.getByRole("status")).not.toBeEmpty();
    await expect(grade.getByRole("status")).not.toContainText("Grade changed");
    await grade.getByLabel("New score (0–10)").fill("7");
    await grade.getByLabel("Reason (kept in the grade history)").fill("Partial credit by hand");
    await grade.getByRole("button", { name: "Save grade" }).click();
    await expect(grade.getByRole("status")).toContainText("Grade changed");
  });

  await test.step("the student sees the comments and the override; a correct resubmission does not replace it", async () => {
    const editor = await openLinkAsStudent(page, contextId, title);
    await expect(editor.getByRole("heading", { name: /Comments from your instructor \(2/ })).toBeVisible();
    await expect(editor.getByRole("listitem", { name: /line 1$/ })).toContainText("now print it");
    await expect(editor.getByRole("listitem", { name: /line 2$/ })).toContainText("This prints a constant.");
    await expect(editor.getByRole("heading", { name: "Grade: 7 / 10" })).toBeVisible();
    await expect(editor.getByText(/Set by course staff/)).toBeVisible();
    await expectAccessible(page);
    await replaceCode(editor.getByRole("textbox", { name: /main\.py/ }), "print(input())\n");
    await editor.getByRole("button", { name: "Submit" }).click();
    await expect(editor.getByText("the autograder's latest result was 10 / 10")).toBeVisible({ timeout: 90_000 });
    await expect(editor.getByRole("heading", { name: "Grade: 7 / 10" })).toBeVisible();
  });

  const staff = await openCourseAsInstructor(page, contextId);

  await test.step("bulk regrade and extend from the submissions table; the override still counts", async () => {
    await staff.getByRole("link", { name: `Submissions of ${title}` }).click();
    await expect(staff.getByRole("heading", { level: 1, name: `Submissions: ${title}` })).toBeVisible();
    const row = staff.getByRole("row", { name: /Grace Hopper/ });
    await expect(row).toContainText("overridden");
    await expectAccessible(page);
    await staff.getByRole("checkbox", { name: "Select Grace Hopper" }).check();
    await staff.getByRole("button", { name: "Regrade" }).click();
    await expect(staff.getByText("Regrading 1 submission.")).toBeVisible();
    await staff.getByText("Extend", { exact: true }).click();
    // Each action resets the form (React), so the row is ticked again before each.
    await staff.getByRole("checkbox", { name: "Select Grace Hopper" }).check();
    await staff.getByLabel("Extra attempts").fill("1.5");
    await staff.getByRole("button", { name: "Grant extension" }).click();
    await expect(staff.getByText("Enter a whole number of attempts from 0 to 100.")).toBeVisible();
    await staff.getByRole("checkbox", { name: "Select Grace Hopper" }).check();
    await staff.getByLabel("New due date").fill("2031-05-01T17:00");
    await staff.getByLabel("Extra attempts").fill("2");
    await staff.getByRole("button", { name: "Grant extension" }).click();
    await expect(staff.getByText(`Extension granted to 1 student for ${title}.`)).toBeVisible();
    // "Apply" reloads the table (a GET form) until the regrade has run; the override still counts.
    await expect
      .poll(
        async () => {
          await staff.getByRole("button", { name: "Apply" }).click();
          await expect(staff.getByRole("heading", { level: 1, name: `Submissions: ${title}` })).toBeVisible();
          return (await staff.getByRole("row", { name: /Grace Hopper/ }).textContent()) ?? "";
        },
        { timeout: 90_000 },
      )
      .not.toContain("grading");
    await expect(staff.getByRole("row", { name: /Grace Hopper/ }).getByRole("cell").nth(2)).toHaveText("7");
  });

  await test.step("extensions page: the grant is listed; an accommodation for every assignment", async () => {
    await nav(staff, "Extensions").click();
    await expect(staff.getByRole("heading", { level: 1, name: "Extensions and accommodations" })).toBeVisible();
    await expect(staff.getByRole("row", { name: new RegExp(`Grace Hopper ${title}`) })).toContainText("2 extra attempts");
    await staff.getByLabel("Student", { exact: true }).selectOption({ label: "Learner 05" });
    await staff.getByLabel("Extra days").fill("3");
    await staff.getByLabel("Reason (staff only)").fill("Accommodation letter");
    await staff.getByRole("button", { name: "Grant extension" }).click();
    await expect(staff.getByText("Extension granted to 1 student for every assignment.")).toBeVisible();
    await expect(staff.getByRole("row", { name: /Learner 05 Every assignment/ })).toContainText("3 extra days");
    await expectAccessible(page);
  });

  await test.step("the dashboard's charts render with text alternatives", async () => {
    await nav(staff, "Dashboard").click();
    await expect(staff.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    await expect(staff.getByRole("img", { name: new RegExp(`^Score distribution of ${title}: .*70–80% 1 students`) })).toBeVisible();
    await expect(staff.getByRole("img", { name: /^Coding events per day: / })).toBeVisible();
    await expect(staff.getByRole("region", { name: "Assignment progress (scrolls)" }).getByRole("row", { name: new RegExp(title) })).toContainText("1 / ");
    await expect(staff.getByRole("link", { name: new RegExp(`Grace Hopper · ${title}`) }).first()).toBeVisible();
    await expectAccessible(page);
  });

  await test.step("view as the student: their page, their extension, and no saving", async () => {
    await nav(staff, "Gradebook").click();
    await staff.getByRole("link", { name: /^Grace Hopper: 7 of 10/ }).click();
    await staff.getByRole("button", { name: "View this assignment as Grace Hopper" }).click();
    await expect(staff.getByRole("region", { name: "Viewing as a student" })).toContainText("Viewing as Grace Hopper.");
    await expect(staff.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(staff.getByText(/extended for you by your instructor/)).toBeVisible();
    await expect(staff.getByRole("heading", { name: "Grade: 7 / 10" })).toBeVisible();
    await expect(staff.getByRole("heading", { name: /Comments from your instructor \(2/ })).toBeVisible();
    await expect(staff.getByRole("button", { name: "Submit" })).toBeDisabled();
    await expectAccessible(page);
    await staff.getByRole("button", { name: "Stop viewing" }).click();
    await expect(staff.getByRole("region", { name: "Viewing as a student" })).toHaveCount(0);
  });
});
