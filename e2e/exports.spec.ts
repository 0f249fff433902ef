import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, seedCourse, signIn, unique } from "./helpers";

async function exportAndDownload(page: Page, kind: string, options: { deidentified?: boolean } = {}) {
  await page.getByLabel(new RegExp(`^${kind}`)).check();
  if (options.deidentified) await page.getByLabel(/^De-identified/).check();
  await page.getByRole("button", { name: "Start export" }).click();
  const link = page.getByRole("link", { name: /^Download / }).first();
  await expect(link).toBeVisible({ timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return readFileSync((await download.path())!, "utf8");
}

test("an instructor exports grades and a Canvas gradebook, then compares it with Canvas", async ({ page }) => {
  const course = await seedCourse(page.request, {
    courseTitle: unique("Exports"),
    assignments: [{ title: "Loops" }, { title: "Lists" }],
    gradedStudents: [
      { key: unique("ann"), name: "Ann Ample", score: 7 },
      { key: unique("bob"), name: "Bob Brief", score: 4 },
    ],
  });
  await signIn(page, { key: unique("teacher"), name: "Tess Teacher", courseId: course.courseId, role: "instructor" });
  await page.goto(`/courses/${course.courseId}`);
  await page.getByRole("link", { name: "Exports" }).click();
  await expect(page.getByRole("heading", { name: "Exports", level: 1 })).toBeVisible();
  await expectAccessible(page);

  const grades = await exportAndDownload(page, "Grades CSV");
  expect(grades).toContain("Ann Ample");
  expect(grades.split("\r\n").filter(Boolean)).toHaveLength(1 + 2 * 2);
  await expectAccessible(page);

  const canvas = await exportAndDownload(page, "Canvas gradebook CSV");
  expect(canvas).toContain("    Points Possible");

  await page.getByRole("link", { name: "Compare with a Canvas gradebook" }).click();
  await expectAccessible(page);
  await page.getByLabel("Canvas gradebook CSV").setInputFiles({ name: "canvas.csv", mimeType: "text/csv", buffer: Buffer.from(canvas) });
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page.getByRole("heading", { name: "Canvas and Lantern agree" })).toBeVisible();

  const changed = canvas.replace(/^(Ann Ample,[^\r\n]*?),7(,|\r)/m, "$1,6$2");
  expect(changed).not.toBe(canvas);
  await page.getByLabel("Canvas gradebook CSV").setInputFiles({ name: "canvas.csv", mimeType: "text/csv", buffer: Buffer.from(changed) });
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page.getByRole("heading", { name: "1 difference" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Ann Ample Loops 7 6 Different/ })).toBeVisible();
  await expectAccessible(page);
});

test("a named researcher downloads a ProgSnap2 dataset; a student sets their consent from the editor page", async ({ page, browser }) => {
  const title = unique("Research");
  const course = await seedCourse(page.request, {
    courseTitle: title,
    assignments: [{ title: "Loops" }],
    gradedStudents: [{ key: unique("cat"), name: "Cat Consent", score: 9 }],
  });
  const studentKey = unique("dan");
  const researcherEmail = `${unique("rita")}@example.edu`;
  const researcher = await browser.newContext();
  const researcherPage = await researcher.newPage();
  await signIn(researcherPage, { key: unique("rita"), name: "Rita Researcher", email: researcherEmail });

  await signIn(page, { key: unique("teacher"), name: "Tess Teacher", courseId: course.courseId, role: "instructor" });
  await page.goto(`/courses/${course.courseId}/exports`);
  await page.getByLabel("Opt-out: every student unless they decline").check();
  await page.getByRole("button", { name: "Save consent settings" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.getByLabel("Researcher's email").fill(researcherEmail);
  await page.getByRole("button", { name: "Grant access" }).click();
  await expect(page.getByText(/Rita Researcher can now request/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Revoke access for Rita Researcher" })).toBeVisible();
  await expectAccessible(page);

  await researcherPage.goto("/research");
  await expect(researcherPage.getByRole("heading", { name: title })).toBeVisible();
  await expectAccessible(researcherPage);
  const zip = await exportAndDownload(researcherPage, "ProgSnap2 dataset");
  expect(zip.startsWith("PK")).toBe(true);
  expect(zip).toContain("MainTable.csv");
  expect(zip).not.toContain("Cat Consent");
  await expectAccessible(researcherPage);
  await researcher.close();

  const student = await browser.newContext();
  const studentPage = await student.newPage();
  await signIn(studentPage, { key: studentKey, name: "Dan Decline", courseId: course.courseId, role: "student" });
  await studentPage.goto(`/courses/${course.courseId}/assignments/${course.assignments[0].id}`);
  await studentPage.getByRole("link", { name: /Research consent/ }).click();
  await expect(studentPage.getByText("currently included in research exports")).toBeVisible();
  await expectAccessible(studentPage);
  await studentPage.getByLabel("No, leave my work out").check();
  await studentPage.getByRole("button", { name: "Save my choice" }).click();
  await expect(studentPage.getByText("Saved: your work will not be used for research.")).toBeVisible();
  await expect(studentPage.getByText("currently not included in research exports")).toBeVisible();
  await student.close();
});
