import { expect, test, type Page } from "@playwright/test";
import { LMS_ORIGIN, TOOL_ORIGIN } from "../playwright.config";
import { expectAccessible, unique } from "./helpers";

// Where each LTI launch type lands: a deep-linked assignment link → that assignment; course navigation → the course
// dashboard; a link made without Deep Linking → staff connect it to an assignment; a Deep Linking request by a
// student is refused (staff only).

async function register(page: Page) {
  await page.goto(`${LMS_ORIGIN}/dev/lms/tools`);
  await page.getByRole("button", { name: "Register the tool" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The tool closed the registration window" })).toBeVisible();
}

const toolFrame = (page: Page) => page.frameLocator('iframe[name="lti_tool"]');
const toolUrl = (page: Page) => page.frame({ name: "lti_tool" })?.url() ?? "";

test("a deep-linked link lands on its assignment; course navigation lands on the course dashboard", async ({ page }) => {
  await register(page);
  const course = `${LMS_ORIGIN}/dev/lms?context=${unique("e2e-routing")}`;
  await page.goto(course);
  await page.getByLabel("Launch type").selectOption("deep_linking");
  await page.getByRole("button", { name: "Launch as Instructor", exact: true }).click();
  await expect(toolFrame(page).getByRole("heading", { name: /Add Lantern content/ })).toBeVisible();
  await expectAccessible(page); // axe also checks the tool's picker inside the frame
  await toolFrame(page).getByLabel("Title").fill("Functions via Deep Linking");
  await toolFrame(page).getByRole("button", { name: "Create and add" }).click();
  await expect(toolFrame(page).getByRole("heading", { name: "Content added to the course" })).toBeVisible();

  await page.goto(course);
  // The deep-linked link is the context's only (so the default) assignment link.
  await expect(page.getByRole("combobox", { name: "Assignment link", exact: true })).toContainText("Functions via Deep Linking");
  await page.getByRole("button", { name: "Launch as Student", exact: true }).click();
  await expect.poll(() => toolUrl(page)).toMatch(new RegExp(`^${TOOL_ORIGIN}/courses/[^/]+/assignments/[^/?]+\\?lt=`));

  await page.goto(course);
  await page.getByLabel("Launch type").selectOption("course_navigation");
  await page.getByRole("button", { name: "Launch as Student", exact: true }).click();
  await expect.poll(() => toolUrl(page)).toMatch(new RegExp(`^${TOOL_ORIGIN}/courses/[^/?]+\\?lt=`));
});

test("an LMS link made without Deep Linking: the instructor connects it once, then students open that assignment", async ({ page }) => {
  await register(page);
  const course = `${LMS_ORIGIN}/dev/lms?context=${unique("e2e-connect")}`;
  await page.goto(course);
  await page.getByRole("button", { name: "Launch as Instructor", exact: true }).click();
  await expect(toolFrame(page).getByRole("heading", { name: "Connect this LMS link to an assignment" })).toBeVisible();
  await expectAccessible(page);
  await toolFrame(page).getByLabel("Title").fill("Connected later");
  await toolFrame(page).getByRole("button", { name: "Create and connect" }).click();
  await expect.poll(() => toolUrl(page)).toMatch(new RegExp(`^${TOOL_ORIGIN}/courses/[^/]+/assignments/[^/?]+`));
  await expect(toolFrame(page).getByRole("heading", { name: "Connected later" })).toBeVisible();

  await page.goto(course);
  await page.getByRole("button", { name: "Launch as Student", exact: true }).click();
  await expect.poll(() => toolUrl(page)).toMatch(new RegExp(`^${TOOL_ORIGIN}/courses/[^/]+/assignments/[^/?]+\\?lt=`));
  await expect(toolFrame(page).getByRole("heading", { name: "Connected later" })).toBeVisible();
});

test("a Deep Linking request from a student is refused with a clear page", async ({ page }) => {
  await register(page);
  await page.goto(`${LMS_ORIGIN}/dev/lms?context=${unique("e2e-dl-student")}`);
  await page.getByLabel("Launch type").selectOption("deep_linking");
  await page.getByRole("button", { name: "Launch as Student", exact: true }).click();
  await expect(toolFrame(page).getByRole("heading", { name: /This launch could not be verified/ })).toBeVisible();
  await expect(toolFrame(page).getByText("role_not_allowed")).toBeVisible();
  // The app's look and a next step for the student (issue 10, item 19).
  await expect(toolFrame(page).getByRole("banner").getByRole("link", { name: "Lantern" })).toBeVisible();
  await expect(toolFrame(page).getByRole("heading", { name: "What to do next" })).toBeVisible();
  await expectAccessible(page);
});
