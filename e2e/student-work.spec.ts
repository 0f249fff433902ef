import { expect, test, type Page, type Route } from "@playwright/test";
import { DEMO } from "../db/seed/demo";
import { expectAccessible, expectFocusVisible, signIn, unique } from "./helpers";

const PAGE = `/courses/${DEMO.courseId}/assignments/${DEMO.assignmentId}`;
const SOLUTION = `def celsius_to_fahrenheit(c):
    return c * 9 / 5 + 32


if __name__ == "__main__":
    value = float(input())
    print(f"{celsius_to_fahrenheit(value):.1f}")
`;

async function replaceCode(page: Page, code: string) {
  const editor = page.locator(".cm-content");
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  // insertText bypasses auto-indent, so the code arrives exactly as written.
  await page.keyboard.insertText(code);
}

const status = (page: Page) => page.getByRole("status").filter({ hasText: /Saved|Saving|Offline|No changes|Not saved/ });

test("a student writes, runs, checks, autosaves through offline and reload, submits and sees the grade", async ({ page, context }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 800, height: 900 });
  await signIn(page, { key: unique("student"), name: "Eve Student", courseId: DEMO.courseId, role: "student" });
  await page.goto(PAGE);
  await expect(page.getByRole("heading", { level: 1, name: "Temperature converter" }).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Instructions" })).toBeVisible();
  await expectAccessible(page);

  await replaceCode(page, SOLUTION);
  await expect(status(page)).toHaveText("Saved", { timeout: 15_000 });

  await page.getByLabel(/Input for your program/).fill("100");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.getByRole("log", { name: "Output" })).toContainText("212.0", { timeout: 60_000 });

  await page.getByRole("button", { name: "Check" }).click();
  const checks = page.getByRole("list", { name: "Check results" });
  await expect(checks.getByRole("listitem")).toHaveCount(3);
  await expect(checks.getByText("Passed")).toHaveCount(3, { timeout: 30_000 });
  await expect(checks).not.toContainText("test_crossover");

  // Offline: the work stays on the device; closing the tab loses nothing. (The save the closing tab sends may land
  // once the connection returns — the next load then finds the server holding this copy, draft-choice.test.ts — or
  // not, and the next load restores it from the device: either way the work is there and reaches the server.)
  await context.setOffline(true);
  await page.locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.insertText("\n# written offline\n");
  await expect(status(page)).toHaveText("Offline — your work is kept on this device", { timeout: 15_000 });
  await page.close();
  await context.setOffline(false);

  const again = await context.newPage();
  await again.setViewportSize({ width: 800, height: 900 });
  await again.goto(PAGE);
  await expect(again.locator(".cm-content")).toContainText("# written offline");
  await expect(status(again)).toHaveText("Saved", { timeout: 15_000 });
  await expect(again.getByText(/A newer copy from the server/)).toHaveCount(0);

  // Saves failing, then a reload: the device's newer copy is restored, the student is told, and it is sent.
  const files = "**/api/submissions/*/files";
  const cutOff = (route: Route) => route.abort("internetdisconnected");
  await context.route(files, cutOff);
  await again.locator(".cm-content").click();
  await again.keyboard.press("ControlOrMeta+End");
  await again.keyboard.insertText("# kept on this device\n");
  await expect(status(again)).toHaveText("Offline — your work is kept on this device", { timeout: 15_000 });
  await again.reload();
  await expect(again.getByText(/Restored work from this device/)).toBeVisible();
  await expect(again.locator(".cm-content")).toContainText("# kept on this device");
  await context.unroute(files, cutOff);
  await expect(status(again)).toHaveText("Saved", { timeout: 15_000 });
  await again.reload();
  await expect(again.locator(".cm-content")).toContainText("# kept on this device");
  await expect(again.getByText(/Restored work from this device/)).toHaveCount(0);

  await again.getByRole("button", { name: "Submit" }).click();
  await expect(again.getByRole("heading", { name: "Grade: 10 / 10" })).toBeVisible({ timeout: 90_000 });
  await expect(again.getByText("hidden tests: 2 of 2 passed")).toBeVisible();
  await expectAccessible(again);

  await again.getByText("Version history").click();
  const versions = again.getByRole("listitem").filter({ hasText: /^Version \d+/ });
  await expect(versions.first()).toBeVisible();
  // Restoring replaces the code, so it asks first; dismissing changes nothing.
  again.once("dialog", (d) => void d.dismiss());
  await again.getByRole("button", { name: "Restore version 1", exact: true }).click();
  await expect(again.locator(".cm-content")).toContainText("# written offline");
  again.once("dialog", (d) => void d.accept());
  await again.getByRole("button", { name: "Restore version 1", exact: true }).click();
  await expect(again.getByText("Restored version 1.")).toBeVisible();
  await expect(again.locator(".cm-content")).not.toContainText("# written offline");
  await expect(status(again)).toHaveText("Saved", { timeout: 15_000 });
});

test("the editor page works by keyboard and at 200% zoom (400 px of CSS width)", async ({ page }) => {
  await page.setViewportSize({ width: 400, height: 800 });
  await signIn(page, { key: unique("student"), name: "Kay Board", courseId: DEMO.courseId, role: "student" });
  await page.goto(PAGE);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.getByRole("textbox", { name: "Code editor: main.py" })).toBeVisible();

  await page.getByRole("textbox", { name: "Code editor: main.py" }).focus();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("textbox", { name: "Code editor: main.py" })).toBeFocused();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Run" })).toBeFocused();
  await expectAccessible(page);
  // Every Tab stop shows where focus is (WCAG 2.4.7), on the editor page and on the student's course page.
  await expectFocusVisible(page);
  await page.goto(`/courses/${DEMO.courseId}`);
  await expectAccessible(page);
  await expectFocusVisible(page);
});
