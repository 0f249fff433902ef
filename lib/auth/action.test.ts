import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { badRequest } from "@/lib/errors";
import { action } from "./action";

// No request here: no session cookie, no headers (the action below is public).
vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ get: () => undefined }),
}));

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
};

describe("action()", () => {
  const schema = z.object({ student: z.string(), days: z.string() });

  it("hands back what was typed with a refusal the action returns, so the form can refill (React resets it)", async () => {
    const refuse = action({ access: { public: true }, schema }, async () => ({ message: "Give extra days." }));
    const state = await refuse(undefined, form([["student", "ann"], ["days", ""]]));
    expect(state).toEqual({ message: "Give extra days.", values: { student: "ann", days: "" } });
  });

  it("and with a refusal it throws; success carries no values", async () => {
    const thrown = action({ access: { public: true }, schema }, async () => {
      throw badRequest("No.", { days: ["Enter a number."] });
    });
    expect(await thrown(undefined, form([["student", "ann"], ["days", "x"]]))).toEqual({
      message: "No.",
      fieldErrors: { days: ["Enter a number."] },
      values: { student: "ann", days: "x" },
    });
    const ok = action({ access: { public: true }, schema }, async () => ({ ok: true, message: "Done." }));
    expect(await ok(undefined, form([["student", "ann"], ["days", "2"]]))).toEqual({ ok: true, message: "Done." });
  });
});
