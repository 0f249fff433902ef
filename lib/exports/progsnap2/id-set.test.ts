import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { IdSet } from "./id-set";

describe("IdSet", () => {
  it("holds what a Set of the same pseudonyms holds, through growth", () => {
    const ids = new IdSet(4);
    const reference = new Set<string>();
    const all = Array.from({ length: 20_000 }, () => randomBytes(10).toString("hex"));
    // Ids that differ only in their last or middle digits land in the same slot first.
    all.push("00000000000000000000", "00000000000000000001", "00000000100000000000", "ffffffffffffffffffff");
    for (const [i, id] of all.entries()) {
      if (i % 3 === 0) continue;
      ids.add(id);
      ids.add(id);
      reference.add(id);
    }
    ids.add("00000000000000000000").add("00000000000000000001");
    reference.add("00000000000000000000").add("00000000000000000001");
    expect(ids.size).toBe(reference.size);
    for (const id of all) expect(ids.has(id), id).toBe(reference.has(id));
  });

  it("refuses what is not a pseudonym", () => {
    expect(() => new IdSet().add("not-hex")).toThrow(/not a pseudonym/);
  });
});
