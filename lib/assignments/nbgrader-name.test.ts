import { describe, expect, it } from "vitest";
import { nbgraderNameSchema } from "./nbgrader-name";

describe("nbgrader assignment names", () => {
  it("accepts what nbgrader accepts, unchanged but for the surrounding whitespace nbgrader strips", () => {
    for (const name of ["ps1", "Problem Set 1", "ps_1", "PS-1.b", "Übung 3", "数学 第1回", "a & b = 100% #2", "it's \"quoted\"", "x".repeat(128)]) {
      expect(nbgraderNameSchema.parse(name)).toBe(name);
    }
    expect(nbgraderNameSchema.parse("  Week 1 ")).toBe("Week 1");
  });

  it("refuses what nbgrader or a folder name cannot hold, saying why", () => {
    const why = (name: string) => nbgraderNameSchema.safeParse(name).error?.issues[0].message;
    expect(why("ps+1")).toMatch(/“\+”/);
    expect(why("a/b")).toMatch(/folder name/);
    expect(why("a\\b")).toMatch(/folder name/);
    expect(why("..")).toMatch(/cannot be folder names/);
    expect(why("a\tb")).toMatch(/control characters/);
    expect(why("   ")).toMatch(/Give the nbgrader assignment name/);
    expect(why("x".repeat(129))).toMatch(/at most 128/);
  });
});
