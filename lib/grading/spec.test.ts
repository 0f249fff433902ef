import { describe, expect, it } from "vitest";
import { assignmentTestsSchema, functionTestSchema, ioCaseSchema } from "./spec";

const messages = (result: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("test schemas", () => {
  const call = { kind: "call", name: "adds", function: "add", args: "[1, 2]", expected: "3", points: 1, message: "", visibility: "visible" };
  const assert = { kind: "assert", name: "test_add", code: "def test_add():\n    assert add(1, 2) == 3", points: 1, visibility: "hidden" };

  it("accepts both kinds of function test", () => {
    expect(functionTestSchema.parse(call)).toEqual(call);
    expect(functionTestSchema.parse(assert)).toEqual({ ...assert, message: "" });
    expect(functionTestSchema.parse({ ...call, floatTolerance: 1e-6 })).toMatchObject({ floatTolerance: 1e-6 });
  });

  it("explains what is wrong in words a teacher understands, with the position inside literals", () => {
    expect(messages(functionTestSchema.safeParse({ ...call, args: "[1, 2" }))).toEqual([
      "args: The argument list is not a Python literal: '[' is never closed with ']' (line 1, column 1)",
    ]);
    expect(messages(functionTestSchema.safeParse({ ...call, args: "3" }))).toEqual([
      "args: The arguments must be a list, e.g. [3, 'a'] to call f(3, 'a'), or [] for no arguments",
    ]);
    expect(messages(functionTestSchema.safeParse({ ...call, expected: "[1,\n true]" }))[0]).toMatch(/expected: .*'true' is not a Python literal \(Python writes True\) \(line 2, column 2\)/);
    expect(messages(functionTestSchema.safeParse({ ...call, function: "my func" }))[0]).toMatch(/function: The function must be the name/);
    expect(messages(functionTestSchema.safeParse({ ...call, floatTolerance: 0 }))[0]).toMatch(/greater than 0/);
    expect(messages(functionTestSchema.safeParse({ ...assert, code: "def test_other():\n    pass" }))[0]).toMatch(/code: The code must define the test function/);
    expect(messages(functionTestSchema.safeParse({ ...assert, name: "check" }))[0]).toMatch(/starting with test_/);
    expect(messages(functionTestSchema.safeParse({ ...assert, kind: undefined }))[0]).toMatch(/assert test .* or a call test/);
  });

  it("validates I/O cases with case folding and tolerance, and keeps test names unique", () => {
    const io = { name: "prints", stdin: "", expectedStdout: "x", comparison: "numeric", ignoreCase: true, floatTolerance: 0.01, points: 1, visibility: "visible" };
    expect(ioCaseSchema.parse(io)).toMatchObject({ ignoreCase: true, floatTolerance: 0.01 });
    expect(messages(ioCaseSchema.safeParse({ ...io, comparison: "fuzzy" }))[0]).toMatch(/exact, trim, whitespace or numeric/);
    expect(messages(assignmentTestsSchema.safeParse({ functionTests: [call, call], ioCases: [] }))[0]).toMatch(/its own name/);
  });
});
