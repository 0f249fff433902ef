import { defineConfig, devices } from "@playwright/test";
import { TOOL_ORIGIN } from "./e2e/cluster/ports";
import { CHROMIUM_ARGS, systemChromium } from "./playwright.config";

// The multi-instance test (issue 18): two `next start` instances and one grader behind a round-robin proxy, on one
// PostgreSQL database and one S3-protocol server, all started by e2e/cluster/cluster.ts from the existing build.
export default defineConfig({
  testDir: "e2e/cluster",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  timeout: 90_000,
  expect: { timeout: 15_000 },
  globalSetup: "./e2e/cluster/cluster.ts",
  use: {
    baseURL: TOOL_ORIGIN,
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    viewport: { width: 1024, height: 768 },
    launchOptions: { executablePath: systemChromium, args: CHROMIUM_ARGS },
  },
});
