import { afterEach, beforeEach } from "vitest";
import { resetEnvForTests } from "@/lib/env";

/** Runs each test of the file with a minimal valid production configuration, then restores the environment. */
export function withProductionEnv(): void {
  const saved = { ...process.env };
  beforeEach(() => {
    Object.assign(process.env, {
      APP_ENV: "production",
      APP_URL: "https://lantern.example",
      AUTH_SECRET: "x".repeat(40),
      KEY_ENCRYPTION_SECRET: "y".repeat(40),
    });
    resetEnvForTests();
  });
  afterEach(() => {
    process.env = { ...saved };
    resetEnvForTests();
  });
}
