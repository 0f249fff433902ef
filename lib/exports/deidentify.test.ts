import { describe, expect, it } from "vitest";
import { createScrubber, pseudonym, pseudonymKey } from "./deidentify";

describe("pseudonyms", () => {
  it("are stable within a key, differ across fresh keys, and are stable for one project", () => {
    const a = pseudonymKey({});
    const b = pseudonymKey({});
    expect(pseudonym(a, "subject", "u1")).toBe(pseudonym(a, "subject", "u1"));
    expect(pseudonym(a, "subject", "u1")).not.toBe(pseudonym(b, "subject", "u1"));
    expect(pseudonym(a, "subject", "u1")).not.toBe(pseudonym(a, "session", "u1"));
    expect(pseudonym(a, "subject", "u1")).toMatch(/^[0-9a-f]{20}$/);
    const p1 = pseudonymKey({ projectId: "p" });
    const p2 = pseudonymKey({ projectId: "p" });
    expect(p1.stable).toBe(true);
    expect(pseudonym(p1, "subject", "u1")).toBe(pseudonym(p2, "subject", "u1"));
    expect(pseudonym(pseudonymKey({ projectId: "q" }), "subject", "u1")).not.toBe(pseudonym(p1, "subject", "u1"));
  });
});

describe("createScrubber", () => {
  const scrub = createScrubber({ name: "Ada Lovelace", email: "ada.l@example.edu" });

  it("removes the full name, its parts, the email and its local part, ignoring case", () => {
    expect(scrub("# Author: Ada Lovelace <ada.l@example.edu>")).toBe("# Author: [name] <[email]>");
    expect(scrub("print('hello LOVELACE')")).toBe("print('hello [name]')");
    expect(scrub("user = 'ada.l'")).toBe("user = '[email]'");
  });

  it("keeps words that merely contain a name part", () => {
    expect(scrub("adapter = Adams + lovelaces")).toBe("adapter = Adams + lovelaces");
    expect(scrub("ada = 1")).toBe("[name] = 1");
  });

  it("handles people without a name or email, and regex characters in names", () => {
    expect(createScrubber({ name: null, email: null })("Ada")).toBe("Ada");
    expect(createScrubber({ name: "J. (Jo) O'Neil+", email: null })("by O'Neil+ and Neil")).toBe("by [name]+ and Neil");
  });
});
