import { describe, expect, it } from "vitest";
import { createCipheriv, createHmac, randomUUID } from "node:crypto";
import { createScrubber, pseudonym, pseudonymKey, uuidPseudonyms } from "./deidentify";

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

  const U1 = "0b9d2f4e-7c1a-4e8b-9f3d-2a6c8e0b1d3f";
  const U2 = "F1E2D3C4-B5A6-4978-8a9b-0c1d2e3f4a5b";

  it("of UUIDs are AES-128 of the UUID's bytes under a key of their kind, stable per key and kind", () => {
    const a = pseudonymKey({});
    const subkey = createHmac("sha256", a.key).update("aes-128 codestate").digest().subarray(0, 16);
    const expected = createCipheriv("aes-128-ecb", subkey, null).setAutoPadding(false).update(Buffer.from(U1.replaceAll("-", ""), "hex")).toString("hex", 0, 10);
    const states = uuidPseudonyms(a, "codestate");
    expect(states(U1)).toBe(expected);
    expect(states(U2)).toMatch(/^[0-9a-f]{20}$/);
    expect(states(U1)).toBe(expected); // the kept cipher carries nothing from block to block
    expect(states(U2)).toBe(states(U2.toLowerCase()));
    expect(uuidPseudonyms(a, "codestate")(U1)).toBe(expected);
    expect(uuidPseudonyms(a, "event")(U1)).not.toBe(expected);
    expect(uuidPseudonyms(pseudonymKey({}), "codestate")(U1)).not.toBe(expected);
    const p = uuidPseudonyms(pseudonymKey({ projectId: "p" }), "codestate")(U1);
    expect(uuidPseudonyms(pseudonymKey({ projectId: "p" }), "codestate")(U1)).toBe(p);
    // What is not a UUID's text is hashed as pseudonym() does.
    for (const other of ["not-a-uuid", U1.replace("-", "x"), U1.replace("b", "g"), `${U1}0`, U1.replaceAll("-", "")]) {
      expect(states(other)).toBe(pseudonym(a, "codestate", other));
    }
  });

  it("of many UUIDs at once are each one's, in order, non-UUIDs and repeats included", () => {
    const states = uuidPseudonyms(pseudonymKey({}), "codestate");
    const many = Array.from({ length: 700 }, (_, i) => (i % 97 === 5 ? `not a uuid ${i}` : i % 50 === 7 ? U2 : randomUUID()));
    expect(states.all(many)).toEqual(many.map((u) => states(u)));
    expect(states.all([])).toEqual([]);
    expect(states.all(["x", U1])).toEqual([states("x"), states(U1)]);
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

describe("the scrubber's ASCII patterns", () => {
  it("find what its unicode patterns find, on random ASCII text", () => {
    // The patterns the scrubber uses for non-ASCII text (email first, then names), against its ASCII ones.
    const escape = (list: string[]) => list.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
    const emails = new RegExp(`(?<![\\p{L}\\p{N}_.+-])(?:${escape(["ada.l@example.edu", "ada.l"])})(?![\\p{L}\\p{N}_-])`, "giu");
    const names = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${escape(["ada lovelace", "lovelace", "ada"])})(?![\\p{L}\\p{N}_])`, "giu");
    const scrub = createScrubber({ name: "Ada Lovelace", email: "ada.l@example.edu" });
    const pieces = ["Ada", "ada", "LOVELACE", " ", ".", "l", "@example.edu", "_", "x", "-", "+", "1", "\n", "Lovelace", "adal", "ADA.L"];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let changed = 0;
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      const expected = text.replace(emails, "[email]").replace(names, "[name]");
      expect(scrub(text), text).toBe(expected);
      if (expected !== text) changed++;
    }
    expect(changed).toBeGreaterThan(1000);
  });

  it("is used for ASCII text and gives the same results as the patterns on accented text", () => {
    const scrub = createScrubber({ name: "Ada Lovelace", email: "ada.l@example.edu" });
    expect(scrub("# by ada.l@example.edu, Ada Lovelace; adapter")).toBe("# by [email], [name]; adapter");
    expect(scrub("# von Ada Lovelace, Übung für ada.l@example.edu")).toBe("# von [name], Übung für [email]");
    expect(createScrubber({ name: "Zoë Ångström", email: null })("print('zoë ÅNGSTRÖM', 'Zoëx')")).toBe("print('[name]', 'Zoëx')");
  });
});
