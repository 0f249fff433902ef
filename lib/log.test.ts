import { DrizzleQueryError } from "drizzle-orm/errors";
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

  it("keeps a query error's SQLSTATE and cause but never its parameters", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_idx"'), {
      code: "23505",
      constraint: "users_email_idx",
      detail: "Key (email)=(ada@example.org) already exists.",
    });
    const error = new DrizzleQueryError('insert into "users" ("email") values ($1)', ["ada@example.org"], cause);
    const out = JSON.stringify(redact({ error }));
    expect(out).not.toContain("ada@example.org");
    expect(JSON.parse(out).error).toMatchObject({ message: 'Failed query: insert into "users" ("email") values ($1)', cause: { code: "23505", constraint: "users_email_idx" } });
  });
});
