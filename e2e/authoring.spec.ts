import { readFileSync } from "node:fs";
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { LMS_ORIGIN } from "../playwright.config";
import { linkByDeepLinking, openCourseAsInstructor, openLinkAsStudent, registerTool, replaceCode } from "./dev-lms";
import { expectAccessible, unique } from "./helpers";

// Issue 11's "done when": an instructor builds an autograded assignment from scratch in Lantern's editor (inside the
// dev LMS frame), checks it against the reference solution, publishes it, links it by Deep Linking; a student submits
// and the right score reaches Lantern and the LMS gradebook; the instructor changes a test and regrades, and the new
// grade reaches the LMS; the course is exported, imported into a new course and exported again identically.

const STARTER = `import helpers


def total(numbers):
    return 0


if __name__ == "__main__":
    print(total(helpers.read_numbers()))
`;
const HELPERS = `def read_numbers():
    return [int(x) for x in input().split()]
`;
const SOLUTION = STARTER.replace("return 0", "return sum(numbers)");

async function lmsScore(page: Page, contextId: string, label: string) {
  const response = await page.request.get(`${LMS_ORIGIN}/dev/lms/api/recorded?contextId=${encodeURIComponent(contextId)}`);
  const body = (await response.json()) as { results: { lineItemLabel: string; userId: string; scoreGiven: number | null }[] };
  return body.results.find((r) => r.userId === "dev-student" && r.lineItemLabel === label)?.scoreGiven ?? null;
}

async function downloadContent(page: Page, tool: FrameLocator): Promise<Buffer> {
  await tool.getByRole("navigation", { name: "Course" }).getByRole("link", { name: "Content files" }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), tool.getByRole("link", { name: "Download the course as a zip" }).click()]);
  return readFileSync(await download.path());
}

test("an instructor authors, publishes and links an assignment; the student's score reaches the LMS; content round-trips", async ({ page }) => {
  test.setTimeout(240_000);
  await registerTool(page);
  const contextId = unique("e2e-authoring");
  const title = `Sum of numbers ${contextId.slice(-4)}`;
  const tool = await openCourseAsInstructor(page, contextId);

  // Create the assignment in the editor.
  await tool.getByRole("navigation", { name: "Course" }).getByRole("link", { name: "New assignment" }).click();
  await expect(tool.getByRole("heading", { level: 1, name: "New assignment" })).toBeVisible();
  await tool.getByLabel("Title").fill(title);
  await tool.getByLabel("Short name").fill("sum-of-numbers");
  await tool.getByLabel("Instructions (Markdown)").fill("# Add them up\n\nWrite `total(numbers)`.\n\n```python\ntotal([1, 2]) == 3\n```\n<script>alert(1)</script>");
  // The preview is the student page's renderer: headings shift to h3, scripts are gone, code is highlighted markup.
  await expect(tool.getByRole("heading", { level: 3, name: "Add them up" })).toBeVisible();
  await expect(tool.locator("article script")).toHaveCount(0);
  await expect(tool.locator("article pre code .tok-number")).toHaveText(["1", "2", "3"]);

  await replaceCode(tool.getByRole("textbox", { name: "Starter file: main.py" }), STARTER);
  await tool.getByRole("button", { name: "Add a file" }).first().click();
  await tool.getByLabel("File name (starter file 2)").fill("helpers.py");
  await replaceCode(tool.getByRole("textbox", { name: "Starter file: helpers.py" }), HELPERS);

  // Three tests, both kinds, two of them hidden.
  await tool.getByRole("button", { name: "Add a function test" }).click();
  const first = tool.getByRole("group", { name: /Function test 1/ });
  await first.getByLabel("Name").fill("sums a list");
  await first.getByLabel("Function to call").fill("total");
  await first.getByLabel("Arguments (a Python list)").fill("[[1, 2, 3]]");
  await first.getByLabel("Expected value (a Python literal)").fill("6");
  await tool.getByRole("button", { name: "Add a function test" }).click();
  const second = tool.getByRole("group", { name: /Function test 2/ });
  await second.getByLabel("Kind of test").selectOption("assert");
  await second.getByLabel("Name").fill("test_empty");
  await second.getByLabel("Points").fill("2");
  await second.getByLabel("Visible to students").selectOption("hidden");
  await second.getByLabel("Feedback when it fails").fill("An empty list adds up to 0.");
  await replaceCode(tool.getByRole("textbox", { name: "Code of test_empty" }), "def test_empty():\n    from main import total\n    assert total([]) == 0\n    assert total([5]) == 5\n");
  await tool.getByRole("button", { name: "Add an input/output test" }).click();
  const io = tool.getByRole("group", { name: /Input\/output test 1/ });
  await io.getByLabel("Name").fill("reads a line");
  await io.getByLabel("Visible to students").selectOption("hidden");
  await io.getByLabel("Input (stdin)").fill("4 5 6\n");
  await io.getByLabel("Expected output (stdout)").fill("15\n");

  // A reference solution that passes.
  await tool.getByRole("region", { name: "Reference solution" }).getByRole("button", { name: "Add a file" }).click();
  await replaceCode(tool.getByRole("textbox", { name: "Solution file: main.py" }), SOLUTION);
  await tool.getByRole("region", { name: "Reference solution" }).getByRole("button", { name: "Add a file" }).click();
  await tool.getByLabel("File name (solution file 2)").fill("helpers.py");
  await replaceCode(tool.getByRole("textbox", { name: "Solution file: helpers.py" }), HELPERS);

  await tool.getByRole("button", { name: "Create assignment" }).click();
  await expect(tool.getByRole("status").filter({ hasText: "Created. It is a draft" })).toBeVisible();
  await expectAccessible(page);

  // The real grader checks the tests against the reference solution.
  await tool.getByRole("button", { name: "Run tests against the reference solution" }).click();
  await expect(tool.getByText("The reference solution passes 3 of 3 tests.")).toBeVisible({ timeout: 90_000 });

  // Publish it.
  await tool.getByLabel("Status").selectOption("published");
  await tool.getByRole("button", { name: "Save", exact: true }).click();
  await expect(tool.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(tool.getByText("Published.")).toBeVisible();

  // Link it from the LMS by Deep Linking.
  await linkByDeepLinking(page, contextId, title);

  // The student launches that link and submits a half-right solution: the call test (1 point) and the hidden I/O test
  // (1 point) pass, the hidden test_empty (2 points) fails: 2 of 4 test points → 5 / 10.
  const editor = await openLinkAsStudent(page, contextId, title);
  await replaceCode(editor.getByRole("textbox", { name: /main\.py/ }), STARTER.replace("return 0", "return sum(numbers) if numbers else 1"));
  await editor.getByRole("button", { name: "Submit" }).click();
  await expect(editor.getByRole("heading", { name: "Grade: 5 / 10" })).toBeVisible({ timeout: 90_000 });
  await expect.poll(() => lmsScore(page, contextId, title), { timeout: 60_000 }).toBe(5);

  // The instructor relaxes the hidden test, regrades, and the new grade reaches the LMS.
  const staff = await openCourseAsInstructor(page, contextId);
  await staff.getByRole("link", { name: `Edit ${title}` }).click();
  await replaceCode(staff.getByRole("textbox", { name: "Code of test_empty" }), "def test_empty():\n    from main import total\n    assert total([5]) == 5\n");
  await staff.getByRole("button", { name: "Save", exact: true }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await staff.getByRole("link", { name: "Regrade" }).click();
  await staff.getByRole("button", { name: /Regrade all/ }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Regrade finished: 1 of 1." })).toBeAttached({ timeout: 90_000 });
  await expect(staff.getByText("Regrade finished: 1 of 1", { exact: true })).toBeVisible();
  await expectAccessible(page);
  await expect.poll(() => lmsScore(page, contextId, title), { timeout: 60_000 }).toBe(10);

  // Export, import into a new course, export again: the same bytes.
  await staff.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link").nth(1).click();
  const exported = await downloadContent(page, staff);
  const copyContext = unique("e2e-authoring-copy");
  const target = await openCourseAsInstructor(page, copyContext);
  await target.getByRole("navigation", { name: "Course" }).getByRole("link", { name: "Content files" }).click();
  await target.getByLabel("Content zip").setInputFiles({ name: "course.zip", mimeType: "application/zip", buffer: exported });
  await target.getByRole("button", { name: "Preview the import" }).click();
  await expect(target.getByRole("cell", { name: "Create" }).first()).toBeVisible();
  await expectAccessible(page);
  // A preview imports nothing, so the LMS is told nothing; the import itself is announced to it (Canvas's
  // lti.resourceImported, which makes Canvas reload the page around the tool), and the dev LMS counts it.
  const frame = page.locator('iframe[name="lti_tool"]');
  await expect(frame).not.toHaveAttribute("data-resources-imported");
  await target.getByRole("button", { name: "Import", exact: true }).click();
  await expect(target.getByRole("status").filter({ hasText: "Content imported." })).toBeVisible();
  await expect(frame).toHaveAttribute("data-resources-imported", "1");
  await expect(target.getByRole("link", { name: title, exact: true })).toBeVisible();
  const again = await downloadContent(page, target);
  expect(again.equals(exported)).toBe(true);
});

test("a broken content zip is refused with every problem and its line, and changes nothing", async ({ page }) => {
  await registerTool(page);
  const tool = await openCourseAsInstructor(page, unique("e2e-authoring-bad"));
  await tool.getByRole("navigation", { name: "Course" }).getByRole("link", { name: "Content files" }).click();
  const { zipSync, strToU8 } = await import("fflate");
  const zip = zipSync({
    "course.yaml": strToU8("format: lantern-course/1\ntimeZone: UTC\nungrouped: [broken]\n"),
    "broken/assignment.yaml": strToU8("title: Broken\npoints: ten\nduAt: tomorrow\n"),
  });
  await tool.getByLabel("Content zip").setInputFiles({ name: "bad.zip", mimeType: "application/zip", buffer: Buffer.from(zip) });
  await tool.getByRole("button", { name: "Preview the import" }).click();
  await expect(tool.getByText("nothing was imported")).toBeVisible();
  await expect(tool.getByRole("listitem").filter({ hasText: "broken/assignment.yaml:3" })).toContainText('Unknown field "duAt"');
  await expect(tool.getByRole("listitem").filter({ hasText: "broken/assignment.yaml:2" })).toContainText("points");
  await expectAccessible(page);
});
