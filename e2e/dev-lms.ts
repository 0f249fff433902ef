import { expect, type FrameLocator, type Locator, type Page } from "@playwright/test";
import { LMS_ORIGIN } from "../playwright.config";

// Steps through the dev LMS shared by the specs that play a whole course: Lantern is framed by the LMS page at
// LMS_ORIGIN (another site), as in Canvas or Moodle.

/** Lantern inside the dev LMS's launch frame. */
export const toolFrame = (page: Page): FrameLocator => page.frameLocator('iframe[name="lti_tool"]');

/** Registers Lantern with the dev LMS by LTI Dynamic Registration and waits for the tool to close the window. */
export async function registerTool(page: Page): Promise<void> {
  await page.goto(`${LMS_ORIGIN}/dev/lms/tools`);
  await page.getByRole("button", { name: "Register the tool" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The tool closed the registration window" })).toBeVisible({ timeout: 30_000 });
}

/** Launches the dev LMS course as the instructor and walks to the Lantern course page (the breadcrumb's last link). */
export async function openCourseAsInstructor(page: Page, contextId: string): Promise<FrameLocator> {
  await page.goto(`${LMS_ORIGIN}/dev/lms?context=${contextId}`);
  await page.getByRole("button", { name: "Launch as Instructor", exact: true }).click();
  const tool = toolFrame(page);
  await expect(tool.getByRole("heading", { level: 1 })).toBeVisible();
  await tool.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link").last().click();
  await expect(tool.getByRole("navigation", { name: "Course" })).toBeVisible();
  return tool;
}

/** Links a published assignment into the dev LMS course by a Deep Linking launch as the instructor. */
export async function linkByDeepLinking(page: Page, contextId: string, title: string): Promise<void> {
  await page.goto(`${LMS_ORIGIN}/dev/lms?context=${contextId}`);
  await page.getByLabel("Launch type").selectOption("deep_linking");
  await page.getByRole("button", { name: "Launch as Instructor", exact: true }).click();
  await toolFrame(page).getByRole("checkbox", { name: new RegExp(title) }).check();
  await toolFrame(page).getByRole("button", { name: "Add selected" }).click();
  await expect(toolFrame(page).getByRole("heading", { name: "Content added to the course" })).toBeVisible();
}

/** Launches the dev LMS link titled `title` as the student and waits for the assignment page in the frame. */
export async function openLinkAsStudent(page: Page, contextId: string, title: string): Promise<FrameLocator> {
  await page.goto(`${LMS_ORIGIN}/dev/lms?context=${contextId}`);
  await page.getByRole("combobox", { name: "Assignment link", exact: true }).selectOption({ label: title });
  await page.getByRole("button", { name: "Launch as Student", exact: true }).click();
  const tool = toolFrame(page);
  await expect(tool.getByRole("heading", { level: 1, name: title })).toBeVisible();
  return tool;
}

/** Replaces a code editor's text; insertText bypasses auto-indent, so the code arrives exactly as written. */
export async function replaceCode(editor: Locator, code: string): Promise<void> {
  await editor.click();
  const page = editor.page();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
}
