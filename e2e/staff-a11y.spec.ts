import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, expectFocusVisible, seedCourse, signIn, unique } from "./helpers";

// Issue 19 for the admin and instructor pages, to the bar of e2e/editor-a11y.spec.ts: axe WCAG 2.2 AA, titles, 320 px
// reflow and named tables (expectAccessible); a visible focus indicator at every Tab stop; keyboard-only use of the
// forms, with their outcome announced in a live region and focus kept on the button pressed.

/** Everything the page's live regions say now (status and alert). */
const announced = (page: Page) =>
  Promise.all([page.getByRole("status").allInnerTexts(), page.getByRole("alert").allInnerTexts()]).then((t) => t.flat().join(" | "));

async function check(page: Page, path: string, heading: RegExp | string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await expectAccessible(page);
  await expectFocusVisible(page);
}

test("admin pages: accessible, keyboard-usable, outcomes announced", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, { key: unique("admin"), name: "Ada Admin", email: `${unique("ada")}@example.edu`, siteRoles: ["admin"] });

  await check(page, "/admin", "Admin");
  await check(page, "/admin/platforms", "LMS platforms");
  await check(page, "/admin/platforms/new", "Register a platform");

  // Registering by keyboard: a bad URL is refused, announced, marked on its field; focus stays on the button.
  const issuer = `https://${unique("lms")}.example.edu`;
  await page.getByLabel("Issuer").focus();
  await page.keyboard.type(issuer);
  await page.getByLabel("Client id").focus();
  await page.keyboard.type("client-1");
  await page.getByLabel("Authentication request URL").focus();
  await page.keyboard.type("not a url");
  const register = page.getByRole("button", { name: "Register platform" });
  await register.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => announced(page)).toContain("check the fields marked above");
  await expect(page.getByLabel("Authentication request URL")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Authentication request URL")).toHaveAccessibleDescription(/http\(s\) URL/);
  await expect(register).toBeFocused();
  await expectAccessible(page);

  const auth = page.getByLabel("Authentication request URL");
  await auth.fill("");
  await auth.focus();
  await page.keyboard.type(`${issuer}/auth`);
  await page.getByLabel("Access token URL").focus();
  await page.keyboard.type(`${issuer}/token`);
  await page.getByLabel("Platform keyset (JWKS) URL").focus();
  await page.keyboard.type(`${issuer}/jwks`);
  await page.getByLabel("Deployment ids").focus();
  await page.keyboard.type("dep-1");
  await register.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/admin\/platforms\/[0-9a-f-]{36}\?registered=1/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);
  await expectFocusVisible(page);

  // An action button keeps focus and announces its result.
  const deactivate = page.getByRole("button", { name: /^Deactivate/ });
  await deactivate.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => announced(page)).toContain("Deactivated");
  await expect(page.getByRole("button", { name: /^Activate/ })).toBeFocused();

  await check(page, "/admin/users", "Users");
  const grant = page.getByLabel("Email address");
  await grant.focus();
  await page.keyboard.type("not-an-address");
  await page.getByRole("button", { name: "Grant role" }).focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => announced(page)).toContain("check the fields marked above");
  await expect(grant).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("button", { name: "Grant role" })).toBeFocused();
  await page.getByRole("link", { name: /Ada Admin/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /Ada Admin/ })).toBeVisible();
  await expectAccessible(page);
  await expectFocusVisible(page);

  await check(page, "/admin/courses", "Courses");
  await check(page, "/admin/consumer-keys", "LTI 1.1 consumer keys");
  await page.getByRole("textbox", { name: "Consumer key" }).focus();
  await page.keyboard.type(unique("school"));
  await page.getByRole("button", { name: "Create consumer key" }).focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => announced(page)).toContain("Copy the secret now");
  await expect(page.getByRole("button", { name: "Create consumer key" })).toBeFocused();
  await expectAccessible(page);

  await check(page, "/admin/audit", "Audit log");
});

test("instructor pages: roster, gradebook, student work, dashboard, extensions, submissions", async ({ page }) => {
  test.setTimeout(240_000);
  const course = await seedCourse(page.request, {
    courseTitle: unique("A11y course"),
    assignments: [{ title: "Loops" }, { title: "Strings" }],
    gradedStudents: [
      { key: unique("ann"), name: "Ann Ample", score: 7 },
      { key: unique("bo"), name: "Bo Brief", score: 4 },
    ],
  });
  await signIn(page, { key: unique("teacher"), name: "Tess Teacher", courseId: course.courseId, role: "instructor" });
  const base = `/courses/${course.courseId}`;
  const [loops] = course.assignments;

  await check(page, base, /A11y course/);
  await check(page, `${base}/roster`, "Roster");
  await check(page, `${base}/gradebook`, "Gradebook");
  await check(page, `${base}/dashboard`, "Dashboard");
  await check(page, `${base}/assignments/${loops.id}/submissions`, "Submissions: Loops");
  await check(page, `${base}/assignments/${loops.id}/students/${course.students[0].userId}`, "Ann Ample: Loops");

  // Extensions by keyboard: a refusal and a grant, each announced, focus kept on the button.
  await check(page, `${base}/extensions`, "Extensions and accommodations");
  const student = page.getByLabel("Student");
  await student.focus();
  await student.selectOption({ label: "Ann Ample" });
  const grant = page.getByRole("button", { name: "Grant extension" });
  await grant.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => announced(page)).toContain("Give new dates, extra days or extra attempts.");
  await expect(grant).toBeFocused();
  // The refusal keeps what was chosen (the form used to forget the student).
  await expect(student).toHaveValue(course.students[0].userId);
  await page.getByLabel(/Extra days/).focus();
  await page.keyboard.type("2");
  await grant.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("table", { name: "Current extensions" }).getByRole("row", { name: /Ann Ample/ })).toBeVisible();
  await expect(grant).toBeFocused();
  await expectAccessible(page);
});
