import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as openid } from "@/app/dev/lms/.well-known/openid-configuration/route";
import { POST as token } from "@/app/dev/lms/token/route";
import { resetEnvForTests } from "@/lib/env";

vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined }) }));

const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
});

describe("the dev LMS in production", () => {
  it("does not exist: its routes answer 404", async () => {
    Object.assign(process.env, {
      APP_ENV: "production",
      APP_URL: "https://lantern.example",
      AUTH_SECRET: "x".repeat(40),
      KEY_ENCRYPTION_SECRET: "y".repeat(40),
    });
    resetEnvForTests();
    expect((await openid(new Request("https://lantern.example/dev/lms/.well-known/openid-configuration"))).status).toBe(404);
    expect((await token(new Request("https://lantern.example/dev/lms/token", { method: "POST", body: "" }))).status).toBe(404);
  });
});
