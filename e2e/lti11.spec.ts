import { expect, test, type Page } from "@playwright/test";
import { LMS_ORIGIN, TOOL_ORIGIN } from "../playwright.config";
import { expectAccessible, unique } from "./helpers";

// LTI 1.1 end to end against the dev LMS's consumer mode: a consumer key from Lantern, the app added in the LMS by
// Lantern's Canvas XML URL, OAuth 1.0a signed launches as instructor and student, and the grade back in the LMS
// over Basic Outcomes (through injected 5xx failures), then the move to LTI 1.3 through the signed migration claim.

const toolFrame = (page: Page) => page.frameLocator('iframe[name="lti_tool"]');

async function setFaults(page: Page, settings: Record<string, number>) {
  const response = await page.request.put(`${LMS_ORIGIN}/dev/lms/api/settings`, { data: settings });
  expect(response.ok(), await response.text()).toBeTruthy();
}

test.afterEach(async ({ page }) => setFaults(page, { failOneIn: 0, rateLimitOneIn: 0, retryAfterSeconds: 1, seed: 1 }));

test("an LTI 1.1 launch lands the student in the editor, their grade reaches the LMS over Basic Outcomes, and the course moves to LTI 1.3", async ({ page }) => {
  test.setTimeout(180_000);
  const consumerKey = unique("e2e-key");
  const created = await page.request.post(`${TOOL_ORIGIN}/api/test/lti11-consumer`, { data: { consumerKey } });
  expect(created.ok(), await created.text()).toBeTruthy();
  const { secret } = (await created.json()) as { secret: string };

  const contextId = unique("e2e-lti11");
  const course = `${LMS_ORIGIN}/dev/lms/lti11?context=${contextId}`;
  await page.goto(course);
  await page.getByLabel("Consumer key").fill(consumerKey);
  await page.getByLabel("Shared secret").fill(secret);
  await expect(page.getByLabel("Configuration URL")).toHaveValue(`${TOOL_ORIGIN}/lti/1.1/canvas.xml`);
  await page.getByRole("button", { name: /the app/ }).click();
  await expect(page.getByRole("status").filter({ hasText: `Added the app with consumer key ${consumerKey}` })).toBeVisible();
  await expectAccessible(page);

  // The instructor's first launch of the assignment link connects it to a new Lantern assignment.
  await page.goto(course);
  await page.getByRole("button", { name: "LTI 1.1 launch as Instructor", exact: true }).click();
  await expect(toolFrame(page).getByRole("heading", { name: "Connect this LMS link to an assignment" })).toBeVisible();
  await expectAccessible(page);
  await toolFrame(page).getByLabel("Title").fill("Hello LTI 1.1");
  await toolFrame(page).getByRole("button", { name: "Create and connect" }).click();
  await expect(toolFrame(page).getByRole("heading", { name: "Hello LTI 1.1" })).toBeVisible();

  // From here 1 in 3 LMS calls fail with a 5xx: the grade must still arrive.
  await setFaults(page, { failOneIn: 3, rateLimitOneIn: 0, retryAfterSeconds: 1, seed: 7 });

  // The student opens the same link: straight into the editor, and submits.
  await page.goto(course);
  await page.getByRole("button", { name: "LTI 1.1 launch as Student", exact: true }).click();
  const editor = toolFrame(page);
  await expect(editor.getByRole("heading", { level: 1, name: "Hello LTI 1.1" })).toBeVisible();
  await expectAccessible(page);
  await editor.getByRole("button", { name: "Submit" }).click();
  await expect(editor.getByText("Submitted. Your instructor will grade it.")).toBeVisible({ timeout: 30_000 });

  // Staff grade it in Lantern's grade-sync view; Basic Outcomes carries 8/10 as 0.8.
  await page.goto(course);
  await page.getByRole("button", { name: "LTI 1.1 launch as Instructor", exact: true }).click();
  const staff = toolFrame(page);
  await expect(staff.getByRole("heading", { name: "Hello LTI 1.1" })).toBeVisible();
  await staff.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link").nth(1).click();
  await staff.getByRole("link", { name: "Grade sync" }).click();
  await expect(staff.getByRole("heading", { level: 1, name: "Grade sync" })).toBeVisible();
  await staff.getByRole("link", { name: "Hello LTI 1.1" }).click();
  await expect(staff.getByRole("heading", { level: 1, name: "Grade sync: Hello LTI 1.1" })).toBeVisible();
  const row = staff.getByRole("row", { name: /Grace Hopper/ });
  await row.getByText("Change grade").click();
  await row.getByLabel("New score").fill("8");
  await row.getByLabel("Reason").fill("Reviewed by hand");
  await row.getByRole("button", { name: "Save grade" }).click();
  await expect(row.getByText("on its way to the LMS")).toBeVisible();

  await expect
    .poll(
      async () => {
        await page.goto(course);
        return (await page.getByTestId("lti11-score-dev-student").textContent({ timeout: 2_000 }).catch(() => null))?.trim();
      },
      { timeout: 60_000 },
    )
    .toBe("0.8");
  await expectAccessible(page);

  // The admin's guide to moving this course to LTI 1.3 lists it as not moved yet.
  const admin = await page.request.post(`${TOOL_ORIGIN}/api/test/login`, { data: { key: unique("e2e-admin"), name: "Admin", siteRoles: ["admin"] } });
  expect(admin.ok(), await admin.text()).toBeTruthy();
  await page.goto(`${TOOL_ORIGIN}/lti/1.1/move-to-1.3`);
  await expect(page.getByRole("heading", { level: 1, name: "Move LTI 1.1 courses to LTI 1.3" })).toBeVisible();
  const listed = page.getByRole("row", { name: new RegExp(consumerKey) });
  await expect(listed.getByRole("cell", { name: contextId, exact: true })).toBeVisible();
  await expect(listed.getByRole("cell", { name: "Not yet" })).toBeVisible();
  await expectAccessible(page);

  // The school moves the course to LTI 1.3: the dev LMS registers Lantern and its 1.3 launch carries the signed
  // LTI 1.1 migration claim. The student lands on the same assignment, and the course shows as moved.
  await page.goto(`${LMS_ORIGIN}/dev/lms/tools`);
  await page.getByRole("button", { name: "Register the tool" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The tool closed the registration window" })).toBeVisible();
  await page.goto(`${LMS_ORIGIN}/dev/lms?context=${contextId}`);
  await page.getByLabel("Continue an LTI 1.1 tool (migration claim)").selectOption(consumerKey);
  await page.getByRole("button", { name: "Launch as Student", exact: true }).click();
  const moved = toolFrame(page);
  await expect(moved.getByRole("heading", { level: 1, name: "Hello LTI 1.1" })).toBeVisible();
  await page.goto(`${TOOL_ORIGIN}/lti/1.1/move-to-1.3`);
  await expect(page.getByRole("row", { name: new RegExp(consumerKey) }).getByRole("cell", { name: /^Moved/ })).toBeVisible();
});

test("an LMS that speaks only LTI 1.1 may frame Lantern from its first, ungraded launch", async ({ page }) => {
  // The dev LMS on another loopback address: there it is no registered LTI 1.3 platform and never gave Lantern a
  // Basic Outcomes address, so only the signed launch_presentation_return_url of this launch can name it.
  const lms11 = LMS_ORIGIN.replace("127.0.0.1", "127.0.0.2");
  const consumerKey = unique("e2e-frame-key");
  const created = await page.request.post(`${TOOL_ORIGIN}/api/test/lti11-consumer`, { data: { consumerKey } });
  expect(created.ok(), await created.text()).toBeTruthy();
  const { secret } = (await created.json()) as { secret: string };
  const course = `${lms11}/dev/lms/lti11?context=${unique("e2e-lti11-frame")}`;
  await page.goto(course);
  await page.getByLabel("Consumer key").fill(consumerKey);
  await page.getByLabel("Shared secret").fill(secret);
  await page.getByRole("button", { name: /the app/ }).click();
  await expect(page.getByRole("status").filter({ hasText: `Added the app with consumer key ${consumerKey}` })).toBeVisible();

  const toolPages: Record<string, string>[] = [];
  page.on("response", (r) => {
    if (r.url().startsWith(`${TOOL_ORIGIN}/courses/`) && r.request().resourceType() === "document") toolPages.push(r.headers());
  });
  await page.goto(course);
  // An instructor's launch carries no outcome service (ungraded for them).
  await page.getByRole("button", { name: "LTI 1.1 launch as Instructor", exact: true }).click();
  await expect(toolFrame(page).getByRole("heading", { name: "Connect this LMS link to an assignment" })).toBeVisible();
  expect(toolPages.length).toBeGreaterThan(0);
  const frameAncestors = toolPages[0]["content-security-policy"].split("; ").find((d) => d.startsWith("frame-ancestors "))!;
  expect(frameAncestors.split(" ")).toEqual(expect.arrayContaining(["'self'", lms11]));
});
