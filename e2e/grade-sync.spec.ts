import { expect, test } from "@playwright/test";
import { expectAccessible, seedCourse, signIn, unique } from "./helpers";

test("staff see each student's LMS sync state and can override a grade with a reason", async ({ page }) => {
  const course = await seedCourse(page.request, {
    courseTitle: unique("Sync"),
    assignments: [{ title: "Loops" }],
    gradedStudents: [{ key: unique("ann"), name: "Ann Ample", score: 7 }],
  });
  await signIn(page, { key: unique("teacher"), name: "Tess Teacher", courseId: course.courseId, role: "instructor" });

  await page.goto(`/courses/${course.courseId}`);
  await page.getByRole("link", { name: "Grade sync" }).click();
  await expect(page.getByRole("heading", { name: "Grade sync" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Loops" }).click();

  const row = page.getByRole("row", { name: /Ann Ample/ });
  await expect(row).toContainText("Not sent to the LMS");
  await expectAccessible(page);

  await row.getByText("Change grade").click();
  const form = page.getByRole("form", { name: "Change grade for Ann Ample" });
  await form.getByLabel("New score").fill("9");
  await form.getByRole("button", { name: "Save grade" }).click();
  await expect(form.getByText("Say why the grade changes")).toBeVisible();

  await form.getByLabel("Reason").fill("Late work accepted");
  await form.getByRole("button", { name: "Save grade" }).click();
  await expect(form.getByText("on its way to the LMS")).toBeVisible();

  // Not launched from an LMS, so the in-process passback runner records why nothing was sent.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("row", { name: /Ann Ample/ })).toContainText("Not sent: Waiting for the student's first launch");
  }).toPass({ timeout: 15_000 });
  await expect(page.getByRole("row", { name: /Ann Ample/ })).toContainText("9");
});

test("students cannot open the grade-sync view", async ({ page }) => {
  const course = await seedCourse(page.request, { courseTitle: unique("Sync"), assignments: [{ title: "Loops" }] });
  await signIn(page, { key: unique("student"), courseId: course.courseId, role: "student" });
  const response = await page.goto(`/courses/${course.courseId}/grade-sync/${course.assignments[0].id}`);
  expect(response?.status()).toBe(404);
});

test("resend all asks first: Esc or Cancel sends nothing, Resend all starts the batch and announces it", async ({ page }) => {
  const course = await seedCourse(page.request, {
    courseTitle: unique("Resend"),
    assignments: [{ title: "Loops" }],
    gradedStudents: [
      { key: unique("ann"), name: "Ann Ample", score: 7 },
      { key: unique("bo"), name: "Bo Brief", score: 9 },
    ],
  });
  await signIn(page, { key: unique("teacher"), name: "Tess Teacher", courseId: course.courseId, role: "instructor" });
  await page.goto(`/courses/${course.courseId}/grade-sync/${course.assignments[0].id}`);

  const open = page.getByRole("button", { name: "Resend all grades" });
  const dialog = page.getByRole("dialog", { name: "Resend all grades?" });
  await open.focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleDescription(/all 2 students with a grade for Loops .* including grades changed there by hand/);
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expectAccessible(page);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();

  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter"); // on Cancel
  await expect(dialog).toBeHidden();
  expect(new URL(page.url()).searchParams.get("batch")).toBeNull();

  await open.click();
  await dialog.getByRole("button", { name: "Resend all" }).click();
  await expect(page).toHaveURL(/[?&]batch=[0-9a-f-]{36}/);
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: /^(Resending 2 grades|Resend finished: \d+ of 2)/ })).toBeAttached({ timeout: 30_000 });
});
