import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { DEMO } from "../db/seed/demo";
import { expectAccessible, signIn, unique } from "./helpers";

// Issue 10, item 17: Python keeps working offline once it has loaded, and the offline notices go when the network
// comes back. The runtime lives at versioned, immutable URLs (lib/python-runtime.ts) kept by a service worker.

const PAGE = `/courses/${DEMO.courseId}/assignments/${DEMO.assignmentId}`;
const PROGRAM = 'print("hello from", "python")\n';
const LOOP = "while True:\n    pass\n";

async function replaceCode(page: Page, code: string) {
  await page.locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
}

const output = (page: Page) => page.getByRole("log", { name: "Output" });
const status = (page: Page) => page.getByRole("status").filter({ hasText: /Saved|Saving|Offline|No changes|Not saved/ });

/** The URLs the runtime cache holds, read through the page (same origin and partition as the service worker). */
const cachedRuntime = (page: Page) =>
  page.evaluate(async () => (await (await caches.open("lantern-runtime")).keys()).map((r) => new URL(r.url).pathname));

test("Run works offline after Stop (a new worker loads Python from the device), and the offline notices clear", async ({ page, context }) => {
  test.setTimeout(180_000);
  await signIn(page, { key: unique("offline"), name: "Olive Offline", courseId: DEMO.courseId, role: "student" });
  const workers: string[] = [];
  page.on("worker", (w) => workers.push(w.url()));
  await page.goto(PAGE);

  await replaceCode(page, PROGRAM);
  await page.getByRole("button", { name: "Run" }).click();
  await expect(output(page)).toHaveText("hello from python", { timeout: 60_000 });
  // Every runtime file is stored once Python has loaded: the worker, both harnesses (Check runs the grader's tests
  // harness) and Pyodide, each under its versioned URL.
  const RUNTIME_FILES = ["lantern-harness.py", "lantern-tests.py", "pyodide-lock.json", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide.mjs", "python-worker.js", "python_stdlib.zip"];
  const stored = async () => (await cachedRuntime(page)).map((u) => u.replace(/^\/runtime\/[0-9a-f]{16}\//, "")).sort();
  await expect.poll(stored, { timeout: 30_000 }).toEqual(RUNTIME_FILES);

  // Stop discards the worker: the next Run starts a fresh one, which must find everything without the network.
  await replaceCode(page, LOOP);
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.getByRole("button", { name: "Stop" })).toBeEnabled();
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(output(page)).toContainText("[Stopped.]");

  await context.setOffline(true);
  await replaceCode(page, PROGRAM);
  await expect(status(page)).toHaveText("Offline — your work is kept on this device", { timeout: 15_000 });
  await page.getByRole("button", { name: "Run" }).click();
  await expect(output(page)).toHaveText("hello from python", { timeout: 60_000 });
  expect(workers.length).toBeGreaterThanOrEqual(2);
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "You are offline" })).toBeVisible();

  await context.setOffline(false);
  await expect(status(page)).toHaveText("Saved", { timeout: 15_000 });
  await expect(page.getByRole("alert").filter({ hasText: "You are offline" })).toHaveCount(0);
  await expectAccessible(page);
});

test("the runtime is served from versioned URLs with an immutable Cache-Control; other versions are a 404", async ({ page, request }) => {
  await signIn(page, { key: unique("assets"), courseId: DEMO.courseId, role: "student" });
  const worker = page.waitForEvent("worker");
  await page.goto(PAGE);
  const url = new URL((await worker).url());
  expect(url.pathname).toMatch(/^\/runtime\/[0-9a-f]{16}\/python-worker\.js$/);
  const pyodide = url.searchParams.get("pyodide")!;
  const harness = url.searchParams.get("harness")!;
  expect(pyodide).toMatch(/^\/runtime\/[0-9a-f]{16}\/$/);
  expect(harness).toMatch(/^\/runtime\/[0-9a-f]{16}\/lantern-harness\.py$/);

  const expected: [string, string][] = [
    [url.pathname + url.search, "text/javascript"],
    [harness, "text/x-python"],
    [`${pyodide}pyodide.mjs`, "text/javascript"],
    [`${pyodide}pyodide.asm.wasm`, "application/wasm"],
  ];
  for (const [path, type] of expected) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["cache-control"], path).toBe("public, max-age=31536000, immutable");
    expect(response.headers()["content-type"], path).toContain(type);
  }
  const stale = await request.get(`/runtime/0000000000000000/pyodide.asm.wasm`);
  expect(stale.status()).toBe(404);
  expect(stale.headers()["cache-control"]).toBe("no-store");
  expect((await request.get(`${pyodide}secrets.txt`)).status()).toBe(404);
  // The browser runs the grader's own harness (the same bytes).
  expect(await (await request.get(harness)).text()).toBe(readFileSync("public/lantern-harness.py", "utf8"));
});

test.describe("where the browser refuses service workers", () => {
  test.use({ serviceWorkers: "block" });
  test("the editor says Run may need a connection, and Run still works online", async ({ page }) => {
    await signIn(page, { key: unique("nosw"), courseId: DEMO.courseId, role: "student" });
    await page.goto(PAGE);
    await replaceCode(page, PROGRAM);
    await page.getByRole("button", { name: "Run" }).click();
    await expect(output(page)).toHaveText("hello from python", { timeout: 60_000 });
    await expect(page.getByText("does not let Lantern keep Python on this device")).toBeVisible();
  });
});
