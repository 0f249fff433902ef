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
