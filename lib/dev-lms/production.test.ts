import { describe, expect, it, vi } from "vitest";
import { GET as openid } from "@/app/dev/lms/.well-known/openid-configuration/route";
import { POST as lti11Outcomes } from "@/app/dev/lms/lti11/outcomes/route";
import { POST as token } from "@/app/dev/lms/token/route";
import { withProductionEnv } from "@/lib/testing/production-env";

vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined }) }));

withProductionEnv();

describe("the dev LMS in production", () => {
  it("does not exist: its routes answer 404", async () => {
    expect((await openid(new Request("https://lantern.example/dev/lms/.well-known/openid-configuration"))).status).toBe(404);
    expect((await token(new Request("https://lantern.example/dev/lms/token", { method: "POST", body: "" }))).status).toBe(404);
    expect((await lti11Outcomes(new Request("https://lantern.example/dev/lms/lti11/outcomes", { method: "POST", body: "" }))).status).toBe(404);
  });
});
