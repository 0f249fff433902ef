import { expect, test, type Page } from "@playwright/test";
import { LMS_ORIGIN } from "../playwright.config";
import { expectAccessible, unique } from "./helpers";

// The grade path against the dev LMS: a student launched from the LMS submits in the editor, staff grade it, and the
// score appears in the LMS gradebook through AGS. (Autograded scores reaching the LMS: e2e/authoring.spec.ts.)

const toolFrame = (page: Page) => page.frameLocator('iframe[name="lti_tool"]');

type Recorded = { results: { lineItemLabel: string; userId: string; scoreGiven: number | null; scoreMaximum: number; gradingProgress: string }[] };

async function setFaults(page: Page, settings: Record<string, number>) {
  const response = await page.request.put(`${LMS_ORIGIN}/dev/lms/api/settings`, { data: settings });
  expect(response.ok(), await response.text()).toBeTruthy();
}

async function lmsResult(page: Page, contextId: string) {
  const response = await page.request.get(`${LMS_ORIGIN}/dev/lms/api/recorded?contextId=${encodeURIComponent(contextId)}`);
  const body = (await response.json()) as Recorded;
  return body.results.find((r) => r.userId === "dev-student" && r.lineItemLabel === "Hello passback") ?? null;
}

// The fault settings are global to the dev LMS: always switch them off again for the tests that follow.
test.afterEach(async ({ page }) => setFaults(page, { failOneIn: 0, rateLimitOneIn: 0, retryAfterSeconds: 1, seed: 1 }));

test("a staff grade for a submission reaches the LMS gradebook through failing and throttled AGS calls", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`${LMS_ORIGIN}/dev/lms/tools`);
  await page.getByRole("button", { name: "Register the tool" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The tool closed the registration window" })).toBeVisible();

  const contextId = unique("e2e-passback");
  const course = `${LMS_ORIGIN}/dev/lms?context=${contextId}`;
  await page.goto(course);
  await page.getByLabel("Launch type").selectOption("deep_linking");
  await page.getByRole("button", { name: "Launch as Instructor", exact: true }).click();
  await toolFrame(page).getByLabel("Title").fill("Hello passback");
  await toolFrame(page).getByRole("button", { name: "Create and add" }).click();
  await expect(toolFrame(page).getByRole("heading", { name: "Content added to the course" })).toBeVisible();

  // From here the LMS fails 1 in 3 AGS calls (5xx) and throttles 1 in 4 (429, Retry-After: 1): grades must still land.
  await setFaults(page, { failOneIn: 3, rateLimitOneIn: 4, retryAfterSeconds: 1, seed: 11 });

  // The student works and submits inside the LMS frame. An assignment made in the picker has no tests yet, so it is
  // graded by staff: the submission waits for them and the LMS gets no score (never a silent 0).
  await page.goto(course);
  await page.getByRole("button", { name: "Launch as Student", exact: true }).click();
  const editor = toolFrame(page);
  await expect(editor.getByRole("heading", { level: 1, name: "Hello passback" })).toBeVisible();
  await editor.getByRole("button", { name: "Submit" }).click();
  await expect(editor.getByText("Submitted. Your instructor will grade it.")).toBeVisible({ timeout: 30_000 });
  expect(await lmsResult(page, contextId)).toBeNull();

  // The instructor changes the grade in Lantern's grade-sync view; the LMS gets the new score.
  await page.goto(course);
  await page.getByRole("button", { name: "Launch as Instructor", exact: true }).click();
  const staff = toolFrame(page);
  await staff.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link").nth(1).click();
  await staff.getByRole("link", { name: "Grade sync" }).click();
  // The dashboard also links "Hello passback" (to the assignment): wait until the grade-sync page is really there.
  await expect(staff.getByRole("heading", { level: 1, name: "Grade sync" })).toBeVisible();
  await staff.getByRole("link", { name: "Hello passback" }).click();
  await expect(staff.getByRole("heading", { level: 1, name: "Grade sync: Hello passback" })).toBeVisible();
  const row = staff.getByRole("row", { name: /Grace Hopper/ });
  await expectAccessible(page);
  await row.getByText("Change grade").click();
  await row.getByLabel("New score").fill("8");
  await row.getByLabel("Reason").fill("Reviewed by hand");
  await row.getByRole("button", { name: "Save grade" }).click();
  await expect(row.getByText("on its way to the LMS")).toBeVisible();
  await expect.poll(async () => (await lmsResult(page, contextId))?.scoreGiven, { timeout: 60_000 }).toBe(8);
});
