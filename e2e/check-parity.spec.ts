import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO } from "../db/seed/demo";
import { signIn, unique } from "./helpers";

// Issue 9, item 7: the editor's Check gives each visible test the verdict the server's grader gives it. The demo
// assignment's visible tests are an assert test (test_freezing), a call test and an I/O case; its hidden tests run
// only on the server and never appear in Check.
const PAGE = `/courses/${DEMO.courseId}/assignments/${DEMO.assignmentId}`;

// A wrong answer that claims to equal everything: an assert test run in the student's own interpreter would pass it.
const LIAR = `class Liar:
    def __eq__(self, other):
        return True
    def __repr__(self):
        return "Liar()"


def celsius_to_fahrenheit(c):
    return Liar()
`;
// Right for the function tests, wrong for the I/O case (no main block prints nothing).
const FUNCTION_ONLY = "def celsius_to_fahrenheit(c):\n    return c * 9 / 5 + 32\n";

async function replaceCode(page: Page, code: string) {
  await page.locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
}

/** Each listed test's name and verdict ("Passed", "Failed", "Error"), in order. */
async function verdicts(list: Locator): Promise<string[]> {
  const items = await list.getByRole("listitem").all();
  return Promise.all(items.map(async (item) => (await item.locator("p").first().innerText()).replace(/\s*·.*$/, "").trim()));
}

/** Checks the code in the browser, then submits it and waits for its grade (`grade`, so an earlier one is not read). */
async function checkThenSubmit(page: Page, code: string, grade: string) {
  await replaceCode(page, code);
  const saved = page.getByRole("status").filter({ hasText: /Saved|Saving|Offline|No changes|Not saved/ });
  await expect(saved).toHaveText("Saved", { timeout: 15_000 });
  await page.getByRole("button", { name: "Check" }).click();
  const checked = page.getByRole("list", { name: "Check results" });
  await expect(checked).not.toContainText("Running…", { timeout: 90_000 });
  await expect(checked.getByRole("listitem")).toHaveCount(3);
  const inBrowser = await verdicts(checked);

  await page.getByRole("button", { name: "Submit" }).click();
  const panel = page.getByRole("region", { name: `Grade: ${grade}` });
  await expect(panel).toBeVisible({ timeout: 120_000 });
  const graded = panel.getByRole("list", { name: "Results of the visible tests" });
  await expect(graded.getByRole("listitem")).toHaveCount(3);
  const onServer = await verdicts(graded);
  return { inBrowser, onServer };
}

test("Check gives each visible test the server's verdict, an always-equal object included", async ({ page }) => {
  test.setTimeout(360_000);
  await signIn(page, { key: unique("parity"), name: "Pat Parity", courseId: DEMO.courseId, role: "student" });
  await page.goto(PAGE);
  await expect(page.getByRole("textbox", { name: "Code editor: main.py" })).toBeVisible();

  const liar = await checkThenSubmit(page, LIAR, "0 / 10");
  // Before Check ran assert tests through the grader's tests harness, test_freezing passed in the browser here.
  expect(liar.inBrowser).toContain("Failed test_freezing");
  expect(liar.inBrowser.sort()).toEqual(liar.onServer.sort());
  expect(liar.inBrowser.some((v) => v.startsWith("Passed"))).toBe(false);

  const partly = await checkThenSubmit(page, FUNCTION_ONLY, "8 / 10");
  expect(partly.inBrowser).toEqual(expect.arrayContaining(["Passed test_freezing", "Passed boiling point"]));
  expect(partly.inBrowser.filter((v) => v.startsWith("Passed"))).toHaveLength(2);
  expect(partly.inBrowser.sort()).toEqual(partly.onServer.sort());
  // Hidden tests are graded but never listed, in Check or in the grade.
  await expect(page.getByText("test_crossover")).toHaveCount(0);
});
