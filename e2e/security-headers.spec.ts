import { expect, test, type Page } from "@playwright/test";
import { DEMO } from "../db/seed/demo";
import { LMS_ORIGIN, TOOL_ORIGIN } from "../playwright.config";
import { signIn, unique } from "./helpers";

// The e2e server is `next start` with APP_ENV=test, which sends the production headers (lib/security-headers): these
// tests prove the LMS frame, the dev LMS and the editor's Python worker work under them, and that a site which is
// not a registered LMS cannot frame Lantern.

/** Every Content-Security-Policy refusal Chromium reports in the page or its frames. */
function cspRefusals(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (load|execute|frame|connect|apply|create)/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

async function register(page: Page) {
  await page.goto(`${LMS_ORIGIN}/dev/lms/tools`);
  await page.getByRole("button", { name: "Register the tool" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The tool closed the registration window" })).toBeVisible();
}

test("a launch in the dev LMS's frame lands in Lantern under its CSP, which lets only that LMS frame it", async ({ page }) => {
  const refusals = cspRefusals(page);
  const toolPages: Record<string, string>[] = [];
  page.on("response", (r) => {
    if (r.url().startsWith(`${TOOL_ORIGIN}/courses/`) && r.request().resourceType() === "document") toolPages.push(r.headers());
  });
  await register(page);
  await page.goto(`${LMS_ORIGIN}/dev/lms?context=${unique("e2e-csp")}`);
  await page.getByRole("button", { name: "Launch as Instructor", exact: true }).click();
  await expect.poll(() => page.frame({ name: "lti_tool" })?.url() ?? "").toMatch(new RegExp(`^${TOOL_ORIGIN}/courses/`));
  await expect(page.frameLocator('iframe[name="lti_tool"]').getByRole("heading").first()).toBeVisible();

  expect(toolPages.length).toBeGreaterThan(0);
  const csp = toolPages[0]["content-security-policy"];
  const frameAncestors = csp.split("; ").find((d) => d.startsWith("frame-ancestors "))!;
  expect(frameAncestors.split(" ")).toEqual(expect.arrayContaining(["'self'", LMS_ORIGIN]));
  // Only exact origins — never a bare scheme or a global wildcard. The one wildcard allowed is Canvas Cloud's school
  // hosts, added once a Canvas Cloud platform is registered (lib/security-headers/policy.ts; admin.spec registers one).
  for (const source of frameAncestors.split(" ").slice(1)) {
    expect(source).toMatch(/^('self'|https?:\/\/[a-z0-9.-]+(:\d{1,5})?|https:\/\/\*\.instructure\.com)$/);
  }
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'wasm-unsafe-eval'/);
  expect(csp).toContain("object-src 'none'");
  expect(toolPages[0]["strict-transport-security"]).toMatch(/^max-age=/);
  expect(toolPages[0]["permissions-policy"]).toContain("camera=()");
  expect(refusals).toEqual([]);
});

test("a site that is not a registered LMS cannot frame Lantern", async ({ page }) => {
  // A page on a foreign origin (answered by Playwright, never the network) that frames a Lantern page.
  await page.route("http://not-an-lms.example/**", (route) =>
    route.fulfill({ contentType: "text/html", body: `<!doctype html><title>Elsewhere</title><iframe name="victim" src="${TOOL_ORIGIN}/"></iframe>` }),
  );
  await page.goto("http://not-an-lms.example/");
  // Chromium replaces a frame refused by frame-ancestors with its own error document.
  await expect.poll(() => page.frame({ name: "victim" })?.url() ?? "").toMatch(/^chrome-error:/);
  await expect(page.frameLocator('iframe[name="victim"]').getByRole("heading", { name: /Programming assignments/ })).toHaveCount(0);
});

test("the editor's Run starts the Python worker under the CSP", async ({ page }) => {
  test.setTimeout(120_000);
  const refusals = cspRefusals(page);
  await signIn(page, { key: unique("student"), name: "Csp Student", courseId: DEMO.courseId, role: "student" });
  const response = await page.goto(`/courses/${DEMO.courseId}/assignments/${DEMO.assignmentId}`);
  expect(response!.headers()["content-security-policy"]).toContain("worker-src 'self' blob:");
  const editor = page.locator(".cm-content");
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText('print("hello from " + "pyodide")\n');
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.getByRole("log", { name: "Output" })).toContainText("hello from pyodide", { timeout: 60_000 });
  expect(refusals).toEqual([]);
});
