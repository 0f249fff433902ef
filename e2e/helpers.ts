import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

/** Fails the test on any serious or critical WCAG 2.2 AA violation on the current page. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
  ).toEqual([]);
}

type Role = "instructor" | "ta" | "designer" | "mentor" | "student";

/** Signs the page's browser context in with the test-only login (sets the session cookie). */
export async function signIn(page: Page, who: { key: string; name?: string; email?: string; courseId?: string; role?: Role }) {
  const response = await page.request.post("/api/test/login", { data: who });
  expect(response.ok(), await response.text()).toBeTruthy();
  return (await response.json()) as { userId: string; token: string };
}

/** Seeds a course with assignments through the test-only fixtures route. */
export async function seedCourse(
  request: APIRequestContext,
  data: {
    courseTitle: string;
    assignments?: { title: string; instructions?: string; published?: boolean; starterFiles?: { name: string; content: string }[] }[];
    gradedStudents?: { key: string; name?: string; score: number }[];
  },
) {
  const response = await request.post("/api/test/fixtures", { data });
  expect(response.ok(), await response.text()).toBeTruthy();
  return (await response.json()) as {
    courseId: string;
    assignments: { id: string; title: string }[];
    students: { userId: string; submissionId: string }[];
  };
}

/** A unique suffix so tests never collide with each other's data. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}
