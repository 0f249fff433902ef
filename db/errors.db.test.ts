import { describe, expect, it, vi } from "vitest";
import { insertSession } from "@/lib/models/sessions";
import { log } from "@/lib/log";
import { users } from "./schema";
import { DatabaseQueryError, isUniqueViolation } from "./errors";
import { withTestDatabase } from "./testing/test-database";

const { handle } = withTestDatabase();

describe("failed queries", () => {
  it("log the SQLSTATE, constraint and PostgreSQL's message, never a parameter value", async () => {
    const [user] = await handle().db.insert(users).values({ name: "Ada Secretname" }).returning();
    const tokenHash = `secret-token-hash-${crypto.randomUUID()}`;
    const expiresAt = new Date(Date.now() + 60_000);
    await insertSession({ tokenHash, userId: user.id, kind: "test", expiresAt });
    const error = await insertSession({ tokenHash, userId: user.id, kind: "test", expiresAt }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DatabaseQueryError);
    expect(isUniqueViolation(error)).toBe(true);
    const lines: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
    try {
      log.error("unhandled error in route handler", { error });
    } finally {
      spy.mockRestore();
    }
    expect(lines).toHaveLength(1);
    const line = lines[0];
    expect(JSON.parse(line).error).toMatchObject({ code: "23505", constraint: "sessions_token_hash_idx" });
    expect(line).toContain("duplicate key value violates unique constraint");
    expect(line).toContain('insert into \\"sessions\\"');
    expect(line).not.toContain(tokenHash);
    expect(line).not.toContain(user.id);
    // Next logs render errors itself (message, stack and cause): the error must be safe to print as it is.
    expect(`${String(error)} ${(error as Error).stack} ${JSON.stringify(error)}`).not.toContain(tokenHash);
  });

  it("keep the SQLSTATE of a value PostgreSQL refuses", async () => {
    const error = await handle().db.insert(users).values({ name: "nul\u0000byte" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "DatabaseQueryError", sqlstate: expect.stringMatching(/^22/) });
  });
});
