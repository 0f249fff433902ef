import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// The app under test: `next start` (after `next build`) on the embedded database in a fresh temp directory.
// Lantern is served as http://localhost:PORT and the dev LMS page as http://127.0.0.1:PORT, two different sites,
// so cookies in the LMS iframe are really third-party (see STACK.md).
const port = Number(process.env.E2E_PORT ?? 3100);
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "lantern-e2e-"));
export const TOOL_ORIGIN = `http://localhost:${port}`;
export const LMS_ORIGIN = `http://127.0.0.1:${port}`;
/** Becomes a site admin on first asking for a sign-in link (ADMIN_EMAILS), as an install's first admin does. */
export const E2E_ADMIN_EMAIL = "e2e-admin@lantern.test";

// Debian's Chromium here (Playwright's browser download does not work offline); Playwright's own elsewhere.
export const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
/** Chromium flags for this closed network (STACK.md): no background traffic, no sandbox as root. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

export default defineConfig({
  testDir: "e2e",
  // The multi-instance test starts its own servers (playwright.cluster.config.ts).
  testIgnore: ["cluster/**"],
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: TOOL_ORIGIN,
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    viewport: { width: 1024, height: 768 },
    launchOptions: {
      executablePath: systemChromium,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: `npx next start -p ${port}`,
    url: `${TOOL_ORIGIN}/api/health`,
    timeout: 300_000, // a loaded 2-core machine can take minutes to start the production server
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      APP_ENV: "test",
      ENABLE_TEST_LOGIN: "1",
      APP_URL: TOOL_ORIGIN,
      ADMIN_EMAILS: E2E_ADMIN_EMAIL,
      DATA_DIR: process.env.E2E_DATA_DIR,
      LOG_LEVEL: "warn",
    },
  },
});
