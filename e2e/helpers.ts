import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

/**
 * Fails the test on any serious or critical WCAG 2.2 AA violation on the current page, and on what axe cannot see:
 * a page title that does not say what the page is (2.4.2) and content that does not reflow at 320 px (1.4.10).
 */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
  ).toEqual([]);
  await expectDescriptiveTitle(page);
  await expectTablesNamed(page);
  await expectReflowAt320(page);
}

/** Every data table has a name (caption or aria-label) and header cells (WCAG 1.3.1), unless it is layout only. */
export async function expectTablesNamed(page: Page): Promise<void> {
  const problems = await page.evaluate(() =>
    [...document.querySelectorAll("table")]
      .filter((t) => !["presentation", "none"].includes(t.getAttribute("role") ?? ""))
      .flatMap((t, i) => {
        const name = t.caption?.textContent?.trim() || t.getAttribute("aria-label") || t.getAttribute("aria-labelledby");
        const what = name ? `table "${name.slice(0, 40)}"` : `table ${i + 1}`;
        return [...(name ? [] : [`${what} has no caption`]), ...(t.querySelector("th") ? [] : [`${what} has no header cells`])];
      }),
  );
  expect(problems, `tables on ${page.url()}`).toEqual([]);
}

/**
 * Tabs through the page from the top (at most `max` stops) and checks each stop (WCAG 2.4.7, 2.4.11): focus lands on
 * something visible and not hidden under the viewport's edge, with a focus indicator (an outline or a box shadow).
 * CodeMirror keeps Tab for indenting; Esc, Tab leaves it, as a keyboard user would.
 */
export async function expectFocusVisible(page: Page, max = 80): Promise<void> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const problems: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      if (el.hasAttribute("data-focus-seen")) return { again: true };
      el.setAttribute("data-focus-seen", "");
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      const label = (el.getAttribute("aria-label") || el.textContent || el.getAttribute("name") || el.tagName).trim().slice(0, 40);
      return {
        again: false,
        label,
        editor: el.classList.contains("cm-content"),
        frame: el.tagName === "IFRAME",
        indicator: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1) || style.boxShadow !== "none",
        visible: box.width >= 1 && box.height >= 1 && style.visibility !== "hidden",
        onScreen: box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth,
      };
    });
    if (!stop || stop.again) break;
    if (stop.frame) continue; // the page inside has its own check
    if (!stop.visible) problems.push(`"${stop.label}" takes focus but is not visible`);
    else if (!stop.indicator) problems.push(`"${stop.label}" shows no focus indicator`);
    else if (!stop.onScreen) problems.push(`"${stop.label}" is focused off screen`);
    if (stop.editor) await page.keyboard.press("Escape");
  }
  await page.evaluate(() => document.querySelectorAll("[data-focus-seen]").forEach((el) => el.removeAttribute("data-focus-seen")));
  expect(problems, `keyboard focus on ${page.url()}`).toEqual([]);
}

/** One <title>, and more than the bare product name ("FizzBuzz · Introduction to Programming · Lantern"). */
export async function expectDescriptiveTitle(page: Page): Promise<void> {
  const titles = await page.evaluate(() => Array.from(document.querySelectorAll("head title"), (t) => t.textContent ?? ""));
  // Pages inside <Shell> get their title from their breadcrumbs (or Shell's `title`): they export no metadata title.
  // Pages outside it export a full one ("Development mailbox · Lantern"): the root layout has no template.
  expect(titles, `page ${page.url()} has exactly one <title> (a page in <Shell> must not also export metadata.title)`).toHaveLength(1);
  expect(titles[0], `title of ${page.url()}`).toMatch(/\S.* · (Lantern|Dev LMS)$/);
}

/**
 * At 320 CSS px wide (WCAG 1.4.10): no horizontal scrolling of the page, and no keyboard-focusable element squeezed
 * to nothing or cut off (the breadcrumb links once shrank to 0 px while staying in the Tab order). Content that
 * needs two dimensions (tables, code) may scroll inside its own container.
 */
export async function expectReflowAt320(page: Page): Promise<void> {
  // The dev LMS stands in for Canvas or Moodle in development; it is not part of what Lantern ships.
  if (new URL(page.url()).pathname.startsWith("/dev/lms")) return;
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  try {
    await page.waitForTimeout(50); // one layout after the resize
    const problems = await page.evaluate(() => {
      const found: string[] = [];
      const root = document.documentElement;
      if (root.scrollWidth > window.innerWidth + 1) {
        // Name the outermost elements that stick out, so a failure says where to look.
        const wide = [...document.body.querySelectorAll<HTMLElement>("*")]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.parentElement?.closest("[data-wide]") && el.setAttribute("data-wide", "") === undefined)
          .slice(0, 3)
          .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${[...el.classList].slice(0, 3).join(".")}`);
        document.querySelectorAll("[data-wide]").forEach((el) => el.removeAttribute("data-wide"));
        found.push(`page scrolls sideways: ${root.scrollWidth} px wide (${wide.join(", ")})`);
      }
      const focusable = document.querySelectorAll<HTMLElement>(
        "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])",
      );
      for (const el of focusable) {
        if (el.closest("[contenteditable], .cm-editor, [hidden], .sr-only, iframe")) continue;
        const style = getComputedStyle(el);
        if (style.display === "none" || style.visibility === "hidden" || el.getClientRects().length === 0) continue;
        const label = (el.textContent || el.getAttribute("aria-label") || el.tagName).trim().slice(0, 40);
        const box = el.getBoundingClientRect();
        if (box.width < 1 || box.height < 1) found.push(`"${label}" is ${Math.round(box.width)}×${Math.round(box.height)} px`);
        else if (
          !["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) &&
          !["visible", "auto", "scroll"].includes(style.overflowX) && // a focusable scroll container is allowed to scroll
          el.scrollWidth > el.clientWidth + 1
        )
          found.push(`"${label}" is cut off (${el.clientWidth} of ${el.scrollWidth} px shown)`);
      }
      return found;
    });
    expect(problems, `reflow at 320 px on ${page.url()}`).toEqual([]);
  } finally {
    if (before) await page.setViewportSize(before);
  }
}

type Role = "instructor" | "ta" | "designer" | "mentor" | "student";

/** Signs the page's browser context in with the test-only login (sets the session cookie). */
export async function signIn(
  page: Page,
  who: { key: string; name?: string; email?: string; courseId?: string; role?: Role; siteRoles?: ("admin" | "researcher")[] },
) {
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
