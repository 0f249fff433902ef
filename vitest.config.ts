import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// TEST_DB_DRIVER picks the database driver for DB tests: pglite (default), pg, or neon (scripts/test.mjs runs all three).
const testDbDriver = process.env.TEST_DB_DRIVER ?? "pglite";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "db/testing/empty.ts"),
    },
  },
  test: {
    environment: "node",
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".data/**"],
    globalSetup: ["db/testing/global-setup.ts"],
    setupFiles: ["db/testing/setup-env.ts"],
    // TEST_STORAGE=s3 runs storage users (exports, exchange) on an s3rver bucket instead of a directory.
    provide: { testDbDriver, testStorage: process.env.TEST_STORAGE ?? "local" },
    // Tests never touch the developer's ./.data: generated secrets and stray files go to a temp directory.
    env: { APP_ENV: "test", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "lantern-test-data-")) },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
