import { describe, expect, it } from "vitest";
import { diffLines, diffStats } from "./lines";

const render = (oldText: string, newText: string) => diffLines(oldText, newText).map((l) => `${l.op === "same" ? " " : l.op === "add" ? "+" : "-"}${l.text}`);

describe("diffLines", () => {
  it("keeps equal texts as they are", () => {
    expect(render("a\nb", "a\nb")).toEqual([" a", " b"]);
  });

  it("shows a changed line as removed then added, with the lines around it kept", () => {
    const lines = diffLines("def f():\n    return 0\n", "def f():\n    return 1\n");
    expect(lines.map((l) => [l.op, l.text, l.oldLine, l.newLine])).toEqual([
      ["same", "def f():", 1, 1],
      ["add", "    return 1", null, 2],
      ["del", "    return 0", 2, null],
      ["same", "", 3, 3],
    ]);
    expect(diffStats(lines)).toEqual({ added: 1, removed: 1 });
  });

  it("finds insertions and deletions in the middle", () => {
    expect(render("a\nb\nc\nd", "a\nx\nc\nd\ne")).toEqual([" a", "+x", "-b", " c", " d", "+e"]);
    expect(render("a\nb\nc", "c")).toEqual(["-a", "-b", " c"]);
    expect(render("", "x")).toEqual(["+x", "-"]);
  });

  it("numbers lines of the old and new text", () => {
    const lines = diffLines("1\n2\n3", "0\n1\n2\n3");
    expect(lines.map((l) => [l.oldLine, l.newLine])).toEqual([[null, 1], [1, 2], [2, 3], [3, 4]]);
  });
});
