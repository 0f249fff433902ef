// Plain Python data as the grader sees it outside any interpreter: what a teacher writes as a literal (`args`,
// `expected`) and what a student's function returned (decoded from CPython's marshal format). Only these types
// exist here; an object of a student's class can never be one of them. Used on the server and in the browser.

export type PyValue =
  | { type: "none" }
  | { type: "bool"; value: boolean }
  | { type: "int"; value: bigint }
  | { type: "float"; value: number }
  | { type: "str"; value: string }
  | { type: "bytes"; value: Uint8Array }
  | { type: "list"; items: PyValue[] }
  | { type: "tuple"; items: PyValue[] }
  | { type: "set"; items: PyValue[] }
  | { type: "dict"; entries: [PyValue, PyValue][] };

export const py = {
  none: { type: "none" } as PyValue,
  bool: (value: boolean): PyValue => ({ type: "bool", value }),
  int: (value: bigint | number): PyValue => ({ type: "int", value: BigInt(value) }),
  float: (value: number): PyValue => ({ type: "float", value }),
  str: (value: string): PyValue => ({ type: "str", value }),
  list: (items: PyValue[]): PyValue => ({ type: "list", items }),
  tuple: (items: PyValue[]): PyValue => ({ type: "tuple", items }),
};

/** Options for comparing a returned value with the expected one. */
export type CompareOptions = {
  /** Floats match when |a − e| ≤ tolerance × max(1, |e|) (as the numeric output comparison). */
  floatTolerance?: number;
};

type Numeric = { kind: "int"; value: bigint } | { kind: "float"; value: number };

function numeric(v: PyValue): Numeric | null {
  if (v.type === "bool") return { kind: "int", value: v.value ? 1n : 0n };
  if (v.type === "int") return { kind: "int", value: v.value };
  if (v.type === "float") return { kind: "float", value: v.value };
  return null;
}

// Python compares an int with a float exactly (2**53 + 1 != 2.0**53), never by converting the int to a float.
function intEqualsFloat(i: bigint, f: number): boolean {
  return Number.isFinite(f) && Number.isInteger(f) && BigInt(f) === i;
}

function numbersEqual(a: Numeric, e: Numeric, tolerance: number | undefined): boolean {
  if (a.kind === "int" && e.kind === "int") return a.value === e.value;
  if (tolerance !== undefined && tolerance > 0) {
    const x = Number(a.value);
    const y = Number(e.value);
    if (Number.isNaN(x) || Number.isNaN(y)) return false;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
    return Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(y));
  }
  if (a.kind === "float" && e.kind === "float") return a.value === e.value;
  return a.kind === "int" ? intEqualsFloat(a.value, e.value as number) : intEqualsFloat(e.value as bigint, a.value as number);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Python's `==` on plain data: 1 == 1.0 == True, a list never equals a tuple, dicts and sets ignore order, str and
 * bytes never compare equal. With `floatTolerance`, floats (anywhere inside the value) compare within it. `actual`
 * is the student's value, `expected` the teacher's: the tolerance is relative to the expected number.
 */
export function pyEquals(actual: PyValue, expected: PyValue, options: CompareOptions = {}): boolean {
  const an = numeric(actual);
  const en = numeric(expected);
  if (an || en) return !!an && !!en && numbersEqual(an, en, options.floatTolerance);
  switch (expected.type) {
    case "none":
      return actual.type === "none";
    case "str":
      return actual.type === "str" && actual.value === expected.value;
    case "bytes":
      return actual.type === "bytes" && bytesEqual(actual.value, expected.value);
    case "list":
    case "tuple":
      return (
        actual.type === expected.type &&
        actual.items.length === expected.items.length &&
        actual.items.every((item, i) => pyEquals(item, expected.items[i], options))
      );
    case "set":
      return actual.type === "set" && sameMembers(actual.items, expected.items, options);
    case "dict": {
      if (actual.type !== "dict" || actual.entries.length !== expected.entries.length) return false;
      return expected.entries.every(([key, value]) => {
        const match = actual.entries.find(([k]) => pyEquals(k, key));
        return !!match && pyEquals(match[1], value, options);
      });
    }
  }
  return false;
}

function sameMembers(actual: PyValue[], expected: PyValue[], options: CompareOptions): boolean {
  if (actual.length !== expected.length) return false;
  const used = new Set<number>();
  return expected.every((e) => {
    const i = actual.findIndex((a, index) => !used.has(index) && pyEquals(a, e, options));
    if (i < 0) return false;
    used.add(i);
    return true;
  });
}

/** Whether a value may be a set member or dict key in Python (no lists, dicts or sets, also not inside tuples). */
export function isHashable(v: PyValue): boolean {
  if (v.type === "list" || v.type === "dict" || v.type === "set") return false;
  return v.type !== "tuple" || v.items.every(isHashable);
}

/** Removes members equal to an earlier one (Python keeps the first key and the last value for dicts). */
export function dedupeSet(items: PyValue[]): PyValue[] {
  const out: PyValue[] = [];
  for (const item of items) if (!out.some((o) => pyEquals(o, item))) out.push(item);
  return out;
}

export function dedupeDict(entries: [PyValue, PyValue][]): [PyValue, PyValue][] {
  const out: [PyValue, PyValue][] = [];
  for (const [k, v] of entries) {
    const existing = out.find(([key]) => pyEquals(key, k));
    if (existing) existing[1] = v;
    else out.push([k, v]);
  }
  return out;
}

// Python's repr(float) ("short" style): the shortest digits that round-trip, fixed notation for exponents from
// -4 to 15, otherwise scientific with a two-digit exponent; integral values keep ".0".
function floatRepr(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  if (n === 0) return Object.is(n, -0) ? "-0.0" : "0.0";
  const [mantissa, exp] = n.toExponential().split("e");
  const e = Number(exp);
  const sign = mantissa.startsWith("-") ? "-" : "";
  const digits = mantissa.replace("-", "").replace(".", "");
  if (e >= -4 && e < 16) {
    let text: string;
    if (e < 0) text = `0.${"0".repeat(-e - 1)}${digits}`;
    else if (digits.length <= e + 1) text = `${digits}${"0".repeat(e + 1 - digits.length)}.0`;
    else text = `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
    return sign + text;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if ((code >= 0x80 && code < 0xa0) || (code >= 0xd800 && code < 0xe000)) {
      out += code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return out + quote;
}

function bytesRepr(b: Uint8Array): string {
  let out = "b'";
  for (const c of b) {
    if (c === 0x27) out += "\\'";
    else if (c === 0x5c) out += "\\\\";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += String.fromCharCode(c);
  }
  return out + "'";
}

/** Python's repr() of a plain value, shortened to about `limit` characters for feedback. */
export function pyRepr(v: PyValue, limit = 500): string {
  const text = repr(v);
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

function repr(v: PyValue): string {
  switch (v.type) {
    case "none":
      return "None";
    case "bool":
      return v.value ? "True" : "False";
    case "int":
      return v.value.toString();
    case "float":
      return floatRepr(v.value);
    case "str":
      return strRepr(v.value);
    case "bytes":
      return bytesRepr(v.value);
    case "list":
      return `[${v.items.map(repr).join(", ")}]`;
    case "tuple":
      return v.items.length === 1 ? `(${repr(v.items[0])},)` : `(${v.items.map(repr).join(", ")})`;
    case "set":
      return v.items.length === 0 ? "set()" : `{${v.items.map(repr).join(", ")}}`;
    case "dict":
      return `{${v.entries.map(([k, x]) => `${repr(k)}: ${repr(x)}`).join(", ")}}`;
  }
}

/** The Python type name of a value (for messages such as "returned a list, expected a tuple"). */
export function pyTypeName(v: PyValue): string {
  return v.type === "none" ? "NoneType" : v.type;
}

/**
 * JSON form of a value for the grader's wire protocol (ints as decimal strings, floats that JSON cannot carry as
 * strings, bytes as base64). The interpreters build Python objects from it with code that runs no student code.
 */
export type WireValue =
  | { t: "none" }
  | { t: "bool"; v: boolean }
  | { t: "int"; v: string }
  | { t: "float"; v: number | "inf" | "-inf" | "nan" | "-0" }
  | { t: "str"; v: string }
  | { t: "bytes"; v: string }
  | { t: "list" | "tuple" | "set"; v: WireValue[] }
  | { t: "dict"; v: [WireValue, WireValue][] };

function base64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function toWire(v: PyValue): WireValue {
  switch (v.type) {
    case "none":
      return { t: "none" };
    case "bool":
      return { t: "bool", v: v.value };
    case "int":
      return { t: "int", v: v.value.toString() };
    case "float": {
      const n = v.value;
      if (Number.isNaN(n)) return { t: "float", v: "nan" };
      if (!Number.isFinite(n)) return { t: "float", v: n > 0 ? "inf" : "-inf" };
      return { t: "float", v: Object.is(n, -0) ? "-0" : n };
    }
    case "str":
      return { t: "str", v: v.value };
    case "bytes":
      return { t: "bytes", v: base64(v.value) };
    case "list":
    case "tuple":
    case "set":
      return { t: v.type, v: v.items.map(toWire) };
    case "dict":
      return { t: "dict", v: v.entries.map(([k, x]) => [toWire(k), toWire(x)]) };
  }
}
