import { expect, test, type Page } from "@playwright/test";
import { LMS_ORIGIN, TOOL_ORIGIN } from "../playwright.config";
import { expectAccessible, unique } from "./helpers";

// The dev LMS is served from LMS_ORIGIN (127.0.0.1) and Lantern from TOOL_ORIGIN (localhost): two sites, so the
// tool in the course page's iframe is a real third-party frame.

async function registerByDynamicRegistration(page: Page) {
  await page.goto(`${LMS_ORIGIN}/dev/lms/tools`);
  await expect(page.getByRole("heading", { name: "Tools and registration", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Tool registration URL")).toHaveValue(`${TOOL_ORIGIN}/lti/register`);
  await page.getByRole("button", { name: "Register the tool" }).click();
  // The tool registers server-to-server, then posts org.imsglobal.lti.close; the dev LMS closes the frame.
  await expect(page.getByRole("status").filter({ hasText: "The tool closed the registration window" })).toBeVisible();
  await expect(page.getByTitle("Tool registration")).toHaveCount(0);
}

function toolFrame(page: Page) {
  return page.frameLocator('iframe[name="lti_tool"]');
}

test("the dev LMS registers Lantern by Dynamic Registration and its pages are accessible", async ({ page }) => {
  await registerByDynamicRegistration(page);
  await expect(page.getByRole("heading", { name: /Lantern/, level: 3 }).first()).toBeVisible();
  await expect(page.getByText(`${LMS_ORIGIN}/dev/lms/token`).first()).toBeVisible();
  await expectAccessible(page);
  await page.goto(`${LMS_ORIGIN}/dev/lms`);
  await expect(page.getByRole("button", { name: "Launch as Student", exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.goto(`${LMS_ORIGIN}/dev/lms/gradebook`);
  await expectAccessible(page);
});

for (const [persona, button] of [
  ["instructor", "Launch as Instructor"],
  ["student", "Launch as Student"],
  ["TA", "Launch as Teaching assistant"],
  ["Canvas Test Student", "Launch as Canvas Test Student"],
  ["user without name or email", "Launch as Student without name or email"],
] as const) {
  test(`a resource link launch as ${persona} lands inside Lantern in the LMS frame`, async ({ page }) => {
    await registerByDynamicRegistration(page);
    await page.goto(`${LMS_ORIGIN}/dev/lms?context=${unique("e2e-course")}`);
    await page.getByRole("button", { name: button, exact: true }).click();
    await expect(page.getByRole("heading", { name: /^Tool \(/ })).toBeVisible();
    await expect.poll(() => page.frame({ name: "lti_tool" })?.url() ?? "").toMatch(new RegExp(`^${TOOL_ORIGIN}/courses/`));
    await expect(toolFrame(page).locator("body")).not.toContainText("could not be verified");
  });
}

test("a launch that offers platform storage (lti_storage_target) also lands in Lantern", async ({ page }) => {
  await registerByDynamicRegistration(page);
  await page.goto(`${LMS_ORIGIN}/dev/lms?context=${unique("e2e-storage")}`);
  await page.getByLabel("Offer platform storage (lti_storage_target)").check();
  await page.getByRole("button", { name: "Launch as Student", exact: true }).click();
  await expect.poll(() => page.frame({ name: "lti_tool" })?.url() ?? "").toMatch(new RegExp(`^${TOOL_ORIGIN}/courses/`));
  // The tool's login page stored its state in the dev LMS's storage frame (lti.put_data), keyed by the tool's origin.
  const stored = await page.frame({ name: "dev_lms_storage" })!.evaluate(
    (origin) => [...((window as unknown as { devLmsStorage: Map<string, Map<string, string>> }).devLmsStorage.get(origin)?.keys() ?? [])],
    TOOL_ORIGIN,
  );
  expect(stored.length).toBeGreaterThan(0);
});

test("failure injection can be set from the course page and read back as JSON", async ({ page }) => {
  await page.goto(`${LMS_ORIGIN}/dev/lms`);
  await page.getByLabel("Fail 1 in N calls (5xx)").fill("5");
  await page.getByLabel("Answer 429 1 in N calls").fill("7");
  await page.getByRole("button", { name: "Save failure settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  const settings = await (await page.request.get(`${LMS_ORIGIN}/dev/lms/api/settings`)).json();
  expect(settings.settings).toMatchObject({ failOneIn: 5, rateLimitOneIn: 7 });
  await page.request.put(`${LMS_ORIGIN}/dev/lms/api/settings`, { data: { failOneIn: 0, rateLimitOneIn: 0 } });
});

test("a Deep Linking request: the instructor creates an assignment and the dev LMS adds the link and grade column", async ({ page }) => {
  await registerByDynamicRegistration(page);
  const context = unique("e2e-dl");
  await page.goto(`${LMS_ORIGIN}/dev/lms?context=${context}`);
  await page.getByLabel("Launch type").selectOption("deep_linking");
  await page.getByRole("button", { name: "Launch as Instructor", exact: true }).click();
  const frame = toolFrame(page);
  await frame.getByLabel("Title").fill("Loops from Deep Linking");
  await frame.getByRole("button", { name: "Create and add" }).click();
  // The tool form-posts its signed LtiDeepLinkingResponse to the dev LMS, which verifies it and shows the result.
  await expect(frame.getByRole("heading", { name: "Content added to the course" })).toBeVisible();
  await expect(frame.getByRole("cell", { name: "Loops from Deep Linking" })).toBeVisible();
  await page.goto(`${LMS_ORIGIN}/dev/lms?context=${context}`);
  await expect(page.getByText(/Loops from Deep Linking \(10 points\)/)).toBeVisible();
  await page.goto(`${LMS_ORIGIN}/dev/lms/gradebook?context=${context}`);
  await expect(page.getByRole("columnheader", { name: /Loops from Deep Linking/ })).toBeVisible();
});
