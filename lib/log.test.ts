import { describe, expect, it } from "vitest";
import { redact } from "./log";

describe("redact", () => {
  it("hides secret-looking fields at any depth and keeps the rest", () => {
    const out = redact({
      user: "u1",
      headers: { Authorization: "Bearer abc", cookie: "lantern_session=x" },
      body: { id_token: "eyJ...", client_assertion: "jwt", nested: [{ password: "p", ok: 1 }] },
      AUTH_SECRET: "s",
    });
    expect(out).toEqual({
      user: "u1",
      headers: { Authorization: "[redacted]", cookie: "[redacted]" },
      body: { id_token: "[redacted]", client_assertion: "[redacted]", nested: [{ password: "[redacted]", ok: 1 }] },
      AUTH_SECRET: "[redacted]",
    });
  });
});
