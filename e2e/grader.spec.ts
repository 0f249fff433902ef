import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO } from "../db/seed/demo";
import { expectAccessible, signIn, unique } from "./helpers";

// A hostile student, through the real editor: each program below is submitted, graded in the sandbox, and answered
// with a clear verdict; the server keeps serving throughout, and an honest submission grades normally afterwards.
const PAGE = `/courses/${DEMO.courseId}/assignments/${DEMO.assignmentId}`;
const FUNCTION = "def celsius_to_fahrenheit(c):\n    return c * 9 / 5 + 32\n";
const SOLUTION = `${FUNCTION}\n\nif __name__ == "__main__":\n    value = float(input())\n    print(f"{celsius_to_fahrenheit(value):.1f}")\n`;

// Host commands, child processes and other processes' environments: each attempt prints what it got.
const PROBE = `import os, subprocess
seen = []
for attempt in (lambda: os.system("id"), lambda: subprocess.run(["id"], capture_output=True).stdout):
    try:
        seen.append(repr(attempt()))
    except Exception as e:
        seen.append(type(e).__name__)
for name in ("/proc/1/environ", "/proc/self/environ", "/proc/%d/environ" % os.getppid(), "/etc/passwd"):
    try:
        seen.append(open(name).read()[:300])
    except Exception as e:
        seen.append(type(e).__name__)
print("PROBE", " | ".join(seen))
${FUNCTION}`;
const FLOOD = `import os\n${FUNCTION}\nwhile True:\n    os.write(1, b"x" * 65536)\n`;
const LOOP = `${FUNCTION}\nwhile True:\n    pass\n`;

async function replaceCode(page: Page, code: string) {
  const editor = page.locator(".cm-content");
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
}

const status = (page: Page) => page.getByRole("status").filter({ hasText: /Saved|Saving|Offline|No changes|Not saved/ });
const grade = (page: Page) => page.getByRole("region", { name: /^Grade:/ });

/** Submits the editor's code and waits for the grade of this submission (the panel shows "Graded <time>"). */
async function submit(page: Page, code: string) {
  await replaceCode(page, code);
  await expect(status(page)).toHaveText("Saved", { timeout: 15_000 });
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByText(/Submitted\. (Grading your work|Your work is)/)).toBeVisible({ timeout: 15_000 });
  await expect(grade(page)).toBeVisible({ timeout: 120_000 });
  return grade(page);
}

test("hostile submissions get clear verdicts, leak nothing, and the server keeps serving", async ({ page, context, request }) => {
  test.setTimeout(420_000);
  // The secrets this server generated for itself (APP_ENV is not production): none may reach a student.
  const secrets = JSON.parse(readFileSync(path.join(process.env.E2E_DATA_DIR!, "secrets.json"), "utf8")) as Record<string, string>;
  await signIn(page, { key: unique("hostile"), name: "Mallory Student", courseId: DEMO.courseId, role: "student" });
  await page.goto(PAGE);
  await expect(page.getByRole("heading", { level: 1, name: "Temperature converter" }).first()).toBeVisible();

  // 1. Host commands and other processes' environments: refused; the function tests still pass, the output case fails.
  let panel = await submit(page, PROBE);
  await expect(panel.getByRole("heading")).toHaveText("Grade: 8 / 10");
  const feedback = (await panel.innerText()) + (await page.content());
  for (const value of Object.values(secrets)) expect(feedback).not.toContain(value);
  expect(feedback).not.toMatch(/uid=\d|root:x:0:0|DATABASE_URL|AUTH_SECRET|KEY_ENCRYPTION_SECRET/);
  await expectAccessible(page);

  // 2. An output flood without newlines: stopped at the limit, said so.
  panel = await submit(page, FLOOD);
  await expect(panel).toContainText(/output limit|printed more/i);

  // 3. An infinite loop: stopped at the time limit, said so; meanwhile the server answers other pages.
  await replaceCode(page, LOOP);
  await expect(status(page)).toHaveText("Saved", { timeout: 15_000 });
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByText(/Submitted\. (Grading your work|Your work is)/)).toBeVisible({ timeout: 15_000 });
  const other = await context.newPage();
  await other.goto(`/courses/${DEMO.courseId}`);
  await expect(other.getByRole("heading", { level: 1 })).toBeVisible();
  expect((await request.get("/api/health")).status()).toBe(200);
  await other.close();
  await expect(grade(page)).toBeVisible({ timeout: 120_000 });
  await expect(grade(page)).toContainText("Time limit exceeded");
  await expect(grade(page).getByRole("heading")).toHaveText(/^Grade: \d+ \/ 10$/);

  // 4. An honest submission afterwards grades as usual.
  panel = await submit(page, SOLUTION);
  await expect(panel.getByRole("heading")).toHaveText("Grade: 10 / 10");
  await expect(panel).toContainText("hidden tests: 2 of 2 passed");
  await expectAccessible(page);
});
