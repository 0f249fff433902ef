import { expect, test, type Page } from "@playwright/test";
import { DEMO } from "../db/seed/demo";
import { expectAccessible, signIn, unique } from "./helpers";

// Issue 19: what axe cannot see on the editor — announcements (4.1.3), focus after actions, the keyboard exit from
// the editor after a pause (2.1.2), the named output log with marked errors (1.4.1).
const PAGE = `/courses/${DEMO.courseId}/assignments/${DEMO.assignmentId}`;

async function replaceCode(page: Page, code: string) {
  await page.locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
}

/** The polite status regions' text, joined: what a screen reader has been told most recently. */
const announced = (page: Page) => page.getByRole("status").allInnerTexts().then((t) => t.join(" | "));

test("the editor announces run, check, save and submit, and keeps focus on the button pressed", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, { key: unique("student"), name: "Ann Ounce", courseId: DEMO.courseId, role: "student" });
  await page.goto(PAGE);
  const run = page.getByRole("button", { name: "Run" });
  await expect(page.getByRole("textbox", { name: "Code editor: main.py" })).toBeVisible();

  // An error goes to the named output log, marked as error output, and the end is announced.
  await replaceCode(page, "print('before')\nraise ValueError('boom')\n");
  await expect.poll(() => announced(page), { timeout: 15_000 }).toMatch(/Saved/);
  await run.focus();
  await page.keyboard.press("Enter");
  const output = page.getByRole("log", { name: "Output" });
  await expect(output).toContainText("before", { timeout: 60_000 });
  await expect(output.locator("[data-stream=stderr]")).toContainText("ValueError");
  await expect(output.locator("[data-stream=stderr]")).toContainText("Error output:");
  await expect.poll(() => announced(page), { timeout: 30_000 }).toContain("Your program stopped with an error: ValueError.");
  await expect(run).toBeFocused();

  // Check: announced when it starts and with its result; focus stays on Check.
  const check = page.getByRole("button", { name: "Check" });
  await check.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => announced(page), { timeout: 60_000 }).toMatch(/Check finished: 0 of 3 visible tests passed\./);
  await expect(check).toBeFocused();

  // Stop: a long run stopped from the keyboard; focus stays on Stop.
  await replaceCode(page, "while True:\n    pass\n");
  await run.click();
  const stop = page.getByRole("button", { name: "Stop" });
  await expect(stop).not.toHaveAttribute("aria-disabled", "true");
  await stop.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => announced(page), { timeout: 30_000 }).toContain("Your program was stopped");
  await expect(stop).toBeFocused();
  await expect(stop).toHaveAttribute("aria-disabled", "true");

  // Submit: announced, focus kept, and the grade arrives in a live region.
  await replaceCode(page, "def celsius_to_fahrenheit(c):\n    return c * 9 / 5 + 32\n");
  await expect.poll(() => announced(page), { timeout: 15_000 }).toMatch(/Saved/);
  const submit = page.getByRole("button", { name: "Submit" });
  await submit.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => announced(page), { timeout: 30_000 }).toContain("Submitted.");
  await expect(submit).toBeFocused();
  await expect(page.locator("[aria-live=polite]").getByRole("heading", { name: /^Grade: / })).toBeVisible({ timeout: 90_000 });
  await expectAccessible(page);
});

test("Esc then Tab leaves the editor even after a pause; the keyboard hint is linked to the editor", async ({ page }) => {
  await signIn(page, { key: unique("student"), name: "Kay Pause", courseId: DEMO.courseId, role: "student" });
  await page.goto(PAGE);
  const editor = page.getByRole("textbox", { name: "Code editor: main.py" });
  await expect(editor).toHaveAccessibleDescription(/press Esc, then Tab.*Ctrl\+M/);
  await editor.focus();
  await page.keyboard.press("Escape");
  // CodeMirror's own Esc mode lapsed after 2 s; a keyboard user may pause longer.
  await page.waitForTimeout(3_000);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Run" })).toBeFocused();
  // Back in the editor, any other key ends the mode: Tab indents again.
  await editor.focus();
  await page.keyboard.press("End");
  await page.keyboard.press("Tab");
  await expect(editor).toBeFocused();
});
