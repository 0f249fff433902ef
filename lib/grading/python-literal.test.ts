import { describe, expect, it } from "vitest";
import { decodeMarshal, MarshalError } from "./marshal";
import { parseCallArguments, parsePythonLiteral, PythonLiteralError } from "./python-literal";
import { pyEquals, pyRepr, type PyValue } from "./py-value";

const p = parsePythonLiteral;
const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));
const eq = (a: string, b: string, floatTolerance?: number) => pyEquals(p(a), p(b), { floatTolerance });

describe("parsePythonLiteral", () => {
  it("reads numbers as Python does", () => {
    expect(p("42")).toEqual({ type: "int", value: 42n });
    expect(p("-7")).toEqual({ type: "int", value: -7n });
    expect(p("- 7")).toEqual({ type: "int", value: -7n });
    expect(p("1_000_000")).toEqual({ type: "int", value: 1000000n });
    expect(p("0xff")).toEqual({ type: "int", value: 255n });
    expect(p("0o17")).toEqual({ type: "int", value: 15n });
    expect(p("-0b101")).toEqual({ type: "int", value: -5n });
    expect(p("123456789012345678901234567890")).toEqual({ type: "int", value: 123456789012345678901234567890n });
    expect(p("1.5")).toEqual({ type: "float", value: 1.5 });
    expect(p(".5")).toEqual({ type: "float", value: 0.5 });
    expect(p("5.")).toEqual({ type: "float", value: 5 });
    expect(p("-2.5e-3")).toEqual({ type: "float", value: -0.0025 });
    expect(p("1E10")).toEqual({ type: "float", value: 1e10 });
    expect(p("00")).toEqual({ type: "int", value: 0n });
  });

  it("reads strings with prefixes, escapes and concatenation", () => {
    expect(p("'a\\nb'")).toEqual({ type: "str", value: "a\nb" });
    expect(p('"it\'s"')).toEqual({ type: "str", value: "it's" });
    expect(p("r'\\d+\\n'")).toEqual({ type: "str", value: "\\d+\\n" });
    expect(p("'\\x41\\u00e9\\U0001F600\\101'")).toEqual({ type: "str", value: "Aé😀A" });
    expect(p("'\\ud800'")).toEqual({ type: "str", value: "\ud800" });
    expect(p("'''two\nlines'''")).toEqual({ type: "str", value: "two\nlines" });
    expect(p("'a' \"b\"  'c'")).toEqual({ type: "str", value: "abc" });
    expect(p("u'x'")).toEqual({ type: "str", value: "x" });
    expect(p("'\\q'")).toEqual({ type: "str", value: "\\q" });
    expect(p("b'a\\x00\\xff'")).toEqual({ type: "bytes", value: Uint8Array.from([97, 0, 255]) });
    expect(p("Rb'\\x'")).toEqual({ type: "bytes", value: Uint8Array.from([92, 120]) });
  });

  it("reads containers, nesting, True/False/None and comments", () => {
    expect(p("[1, (2, 3), {'a': None}, {True, False}, set(), (), (1,), [],]  # trailing comment")).toEqual({
      type: "list",
      items: [
        { type: "int", value: 1n },
        { type: "tuple", items: [{ type: "int", value: 2n }, { type: "int", value: 3n }] },
        { type: "dict", entries: [[{ type: "str", value: "a" }, { type: "none" }]] },
        { type: "set", items: [{ type: "bool", value: true }, { type: "bool", value: false }] },
        { type: "set", items: [] },
        { type: "tuple", items: [] },
        { type: "tuple", items: [{ type: "int", value: 1n }] },
        { type: "list", items: [] },
      ],
    });
    expect(p("(5)")).toEqual({ type: "int", value: 5n });
    expect(p("1, 2")).toEqual({ type: "tuple", items: [{ type: "int", value: 1n }, { type: "int", value: 2n }] });
    expect(p("[\n  1,\n  2,\n]")).toEqual({ type: "list", items: [{ type: "int", value: 1n }, { type: "int", value: 2n }] });
  });

  it("keeps Python's rules for duplicate keys and members (1, 1.0 and True are one key)", () => {
    expect(pyRepr(p("{1: 'a', 1.0: 'b', True: 'c', 2: 'd'}"))).toBe("{1: 'c', 2: 'd'}");
    expect(pyRepr(p("{1, 1.0, True, 2}"))).toBe("{1, 2}");
  });

  it("reports problems with line and column, in words a teacher understands", () => {
    const error = (s: string) => {
      try {
        p(s);
      } catch (e) {
        expect(e).toBeInstanceOf(PythonLiteralError);
        return { message: (e as PythonLiteralError).message, position: (e as PythonLiteralError).position };
      }
      throw new Error(`parsed: ${s}`);
    };
    expect(error("").message).toMatch(/empty/);
    expect(error("[1, 2").message).toMatch(/'\[' is never closed with '\]' \(line 1, column 1\)/);
    expect(error("'abc").message).toMatch(/Unterminated string/);
    expect(error("[1 2]").message).toMatch(/Expected ',' or '\]' \(line 1, column 4\)/);
    expect(error("[1,\n  true]")).toMatchObject({ message: expect.stringMatching(/'true' is not a Python literal \(Python writes True\)/), position: { line: 2, column: 3 } });
    expect(error("null").message).toMatch(/Python writes None/);
    expect(error("f'x{1}'").message).toMatch(/f-strings/);
    expect(error("012").message).toMatch(/Leading zeros/);
    expect(error("1j").message).toMatch(/Complex/);
    expect(error("{[1]: 2}").message).toMatch(/list cannot be a dict key/);
    expect(error("{(1, [2])}").message).toMatch(/tuple cannot be a set member/);
    expect(error("x + 1").message).toMatch(/'x' is not a Python literal/);
    expect(error("set([1])").message).toMatch(/empty set\(\)/);
    expect(error("b'é'").message).toMatch(/only ASCII/);
    expect(error("1 2").message).toMatch(/Unexpected '2' after the value/);
    expect(error("{'a': 1, 'b'}").message).toMatch(/Expected ':'/);
    expect(error("'\\x4'").message).toMatch(/needs 2 hex digits/);
    expect(error("[".repeat(150) + "]".repeat(150)).message).toMatch(/Nested more than 100/);
  });

  it("reads call arguments as a list or tuple only", () => {
    expect(parseCallArguments("[[3, 1], True]")).toHaveLength(2);
    expect(parseCallArguments("()")).toEqual([]);
    expect(() => parseCallArguments("3")).toThrow(/must be a list/);
  });
});

describe("pyEquals (Python == on plain data)", () => {
  it("treats bool, int and float as one numeric tower, exactly", () => {
    expect(eq("1", "1.0")).toBe(true);
    expect(eq("True", "1")).toBe(true);
    expect(eq("False", "0.0")).toBe(true);
    expect(eq("2", "2.5")).toBe(false);
    expect(eq("9007199254740993", "9007199254740992.0")).toBe(false);
    expect(eq("0.1 + 0.2".replace(" + 0.2", ""), "0.1")).toBe(true);
    expect(eq("1", "'1'")).toBe(false);
    expect(eq("None", "0")).toBe(false);
  });

  it("distinguishes list from tuple and str from bytes; ignores order in dicts and sets", () => {
    expect(eq("[1, 2]", "(1, 2)")).toBe(false);
    expect(eq("[1, 2]", "[2, 1]")).toBe(false);
    expect(eq("{1, 2}", "{2, 1}")).toBe(true);
    expect(eq("{'a': 1, 'b': 2}", "{'b': 2, 'a': 1}")).toBe(true);
    expect(eq("{'a': 1}", "{'a': 1.0}")).toBe(true);
    expect(eq("{'a': 1}", "{'a': 2}")).toBe(false);
    expect(eq("{1: 'x'}", "{True: 'x'}")).toBe(true);
    expect(eq("b'a'", "'a'")).toBe(false);
    expect(eq("[[1, (2,)], {'k': {3}}]", "[[1.0, (2,)], {'k': {3}}]")).toBe(true);
  });

  it("applies a float tolerance relative to the expected value, inside containers too", () => {
    expect(eq("0.30000000000000004", "0.3")).toBe(false);
    expect(eq("0.30000000000000004", "0.3", 1e-9)).toBe(true);
    expect(eq("[1000.0001]", "[1000.0]", 1e-8)).toBe(false);
    expect(eq("[1000.0001]", "[1000.0]", 1e-5)).toBe(true);
    expect(eq("3", "3.0000001", 1e-6)).toBe(true);
    expect(eq("{'x': 1e-12}", "{'x': 0.0}", 1e-9)).toBe(true);
  });

  it("never matches NaN (float('nan') != float('nan'))", () => {
    const nan: PyValue = { type: "float", value: NaN };
    expect(pyEquals(nan, nan)).toBe(false);
    expect(pyEquals(nan, nan, { floatTolerance: 1 })).toBe(false);
  });
});

describe("pyRepr", () => {
  it("prints values as Python's repr does", () => {
    expect(pyRepr(p("[1, 2.0, 'a', \"it's\", None, True, (1,), {}, set(), b'\\x00']"))).toBe(`[1, 2.0, 'a', "it's", None, True, (1,), {}, set(), b'\\x00']`);
    const f = (n: number) => pyRepr({ type: "float", value: n });
    expect([f(1e16), f(1e15), f(0.0001), f(0.00001), f(1.5e-7), f(123.456), f(-0), f(1 / 3), f(Infinity), f(2.5e22)]).toEqual([
      "1e+16", "1000000000000000.0", "0.0001", "1e-05", "1.5e-07", "123.456", "-0.0", "0.3333333333333333", "inf", "2.5e+22",
    ]);
    expect(pyRepr({ type: "str", value: "a\n\tb\\" })).toBe("'a\\n\\tb\\\\'");
    expect(pyRepr({ type: "list", items: Array(1000).fill({ type: "int", value: 1n }) }, 20)).toBe("[1, 1, 1, 1, 1, 1, 1…");
  });
});

describe("decodeMarshal (CPython marshal version 2)", () => {
  it("decodes plain values written by CPython", () => {
    const cases: [string, string][] = [
      ["4e", "None"],
      ["54", "True"],
      ["69fbffffff", "-5"],
      ["6c03000000000000000200", "2147483648"],
      ["6cfbffffff00000000000000000004", "-1180591620717411303424"],
      ["67000000000000f83f", "1.5"],
      ["7303000000006162", "b'\\x00ab'"],
      ["5b020000006901000000280200000069020000006903000000", "[1, (2, 3)]"],
      ["7b7501000000615b01000000690100000069020000004e30", "{'a': [1], 2: None}"],
      ["3c0200000069010000006902000000", "{1, 2}"],
      ["3e010000006903000000", "{3}"],
      ["28010000006901000000", "(1,)"],
    ];
    for (const [bytes, literal] of cases) expect(pyRepr(decodeMarshal(hex(bytes)))).toBe(literal);
    expect(decodeMarshal(hex("750a00000068c3a96c6c6feda08078"))).toEqual({ type: "str", value: "héllo\ud800x" });
    expect(pyEquals(decodeMarshal(hex("67000000000000f0ff")), { type: "float", value: -Infinity })).toBe(true);
  });

  it("refuses anything that is not plain data, truncated or padded", () => {
    for (const bad of ["790000000000000000000000000000f03f" /* 1j */, "2e" /* Ellipsis */, "e3" /* code, ref flag */, "72000000" /* ref */, "63", "6901", "4e4e", "5bffffffff", "5b0a000000"]) {
      expect(() => decodeMarshal(hex(bad)), bad).toThrow(MarshalError);
    }
    // A list as a dict key or set member cannot come from CPython; refuse it rather than build an impossible value.
    expect(() => decodeMarshal(hex("7b5b00000000" + "4e30"))).toThrow(/unhashable/);
    expect(() => decodeMarshal(hex("5b01000000".repeat(300) + "5b00000000"))).toThrow(/deeply/);
  });
});
