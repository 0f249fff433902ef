// A parser for Python literals, the subset `ast.literal_eval` accepts for plain data: numbers (with a sign,
// underscores, hex/octal/binary, floats with exponents, inf via float('inf') is not a literal), strings and bytes
// with prefixes and escapes (adjacent ones concatenate), True/False/None, lists, tuples, dicts, sets and set().
// The assignment editor uses it for field errors (with line and column); the grader for expected values and
// arguments. https://docs.python.org/3/reference/lexical_analysis.html#literals
import { dedupeDict, dedupeSet, isHashable, type PyValue } from "./py-value";

export type LiteralPosition = { offset: number; line: number; column: number };

export class PythonLiteralError extends Error {
  constructor(
    message: string,
    readonly position: LiteralPosition,
  ) {
    super(`${message} (line ${position.line}, column ${position.column})`);
    this.name = "PythonLiteralError";
  }
  /** The message without the position, for a field error that shows the position separately. */
  get reason(): string {
    return this.message.replace(/ \(line \d+, column \d+\)$/, "");
  }
}

const MAX_DEPTH = 100;
const SIMPLE_ESCAPES: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly src: string) {}

  position(offset = this.i): LiteralPosition {
    const before = this.src.slice(0, offset);
    const lines = before.split("\n");
    return { offset, line: lines.length, column: lines[lines.length - 1].length + 1 };
  }

  fail(message: string, offset = this.i): never {
    throw new PythonLiteralError(message, this.position(offset));
  }

  // Whitespace, newlines and comments between tokens (a literal may span lines, as inside brackets in Python).
  skip(): void {
    for (;;) {
      const c = this.src[this.i];
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f") this.i++;
      else if (c === "\\" && (this.src[this.i + 1] === "\n" || this.src.startsWith("\r\n", this.i + 1))) this.i += this.src[this.i + 1] === "\n" ? 2 : 3;
      else if (c === "#") while (this.i < this.src.length && this.src[this.i] !== "\n") this.i++;
      else return;
    }
  }

  parseTop(): PyValue {
    this.skip();
    if (this.i >= this.src.length) this.fail("Expected a Python value, but the field is empty");
    const first = this.value();
    this.skip();
    // `1, 2` at the top level is a tuple, as in Python.
    if (this.src[this.i] === ",") {
      const items = [first];
      while (this.src[this.i] === ",") {
        this.i++;
        this.skip();
        if (this.i >= this.src.length) break;
        items.push(this.value());
        this.skip();
      }
      if (this.i < this.src.length) this.unexpected();
      return { type: "tuple", items };
    }
    if (this.i < this.src.length) this.unexpected();
    return first;
  }

  unexpected(): never {
    const c = this.src[this.i];
    this.fail(`Unexpected ${c === undefined ? "end of text" : `'${c}'`}${this.depth === 0 ? " after the value (separate items with commas inside [ ])" : ""}`);
  }

  value(): PyValue {
    this.skip();
    const start = this.i;
    const c = this.src[this.i];
    if (c === undefined) this.fail("Expected a value, but the text ended");
    if (++this.depth > MAX_DEPTH) this.fail(`Nested more than ${MAX_DEPTH} levels deep`);
    try {
      if (c === "[") return { type: "list", items: this.sequence("]") };
      if (c === "(") return this.parenthesized();
      if (c === "{") return this.braces();
      if (c === "+" || c === "-") return this.signed();
      if (/[0-9.]/.test(c)) return this.number(start, false);
      if (c === "'" || c === '"') return this.strings();
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.i))?.[0];
      if (word) {
        const next = this.src[this.i + word.length];
        if ((next === "'" || next === '"') && /^(r|u|b|br|rb|f|fr|rf|t|tr|rt)$/i.test(word)) return this.strings();
        return this.name(word);
      }
      this.fail(`Unexpected '${c}': expected a number, string, True, False, None, list, tuple, dict or set`);
    } finally {
      this.depth--;
    }
  }

  name(word: string): PyValue {
    const start = this.i;
    this.i += word.length;
    if (word === "True") return { type: "bool", value: true };
    if (word === "False") return { type: "bool", value: false };
    if (word === "None") return { type: "none" };
    if (word === "set") {
      this.skip();
      if (this.src[this.i] === "(") {
        this.i++;
        this.skip();
        if (this.src[this.i] === ")") {
          this.i++;
          return { type: "set", items: [] };
        }
      }
      this.fail("Only the empty set() can be written with set; write other sets as {1, 2}", start);
    }
    const hint =
      word === "true" || word === "false" || word === "none" || word === "null"
        ? ` (Python writes ${word === "null" || word === "none" ? "None" : word === "true" ? "True" : "False"})`
        : word === "inf" || word === "nan"
          ? " (float('inf') and float('nan') are not literals; compare with a test function instead)"
          : "";
    this.fail(`'${word}' is not a Python literal${hint}`, start);
  }

  sequence(close: string): PyValue[] {
    const open = this.i;
    this.i++;
    const items: PyValue[] = [];
    for (;;) {
      this.skip();
      if (this.src[this.i] === close) {
        this.i++;
        return items;
      }
      if (this.i >= this.src.length) this.fail(`'${this.src[open]}' is never closed with '${close}'`, open);
      items.push(this.value());
      this.skip();
      if (this.src[this.i] === ",") this.i++;
      else if (this.src[this.i] !== close) {
        if (this.i >= this.src.length) this.fail(`'${this.src[open]}' is never closed with '${close}'`, open);
        this.fail(`Expected ',' or '${close}'`);
      }
    }
  }

  parenthesized(): PyValue {
    const open = this.i;
    this.i++;
    this.skip();
    if (this.src[this.i] === ")") {
      this.i++;
      return { type: "tuple", items: [] };
    }
    const first = this.value();
    this.skip();
    if (this.src[this.i] === ")") {
      this.i++;
      return first; // (1) is just 1; a one-item tuple needs the comma: (1,)
    }
    this.i = open;
    return { type: "tuple", items: this.sequence(")") };
  }

  braces(): PyValue {
    const open = this.i;
    this.i++;
    this.skip();
    if (this.src[this.i] === "}") {
      this.i++;
      return { type: "dict", entries: [] };
    }
    const keyStart = this.i;
    const first = this.value();
    this.skip();
    if (this.src[this.i] !== ":") {
      this.i = open;
      const items = this.sequence("}");
      this.requireHashable(items, keyStart, "set member");
      return { type: "set", items: dedupeSet(items) };
    }
    const entries: [PyValue, PyValue][] = [];
    let key = first;
    let at = keyStart;
    for (;;) {
      this.requireHashable([key], at, "dict key");
      this.i++; // ':'
      entries.push([key, this.value()]);
      this.skip();
      if (this.src[this.i] === ",") {
        this.i++;
        this.skip();
      } else if (this.src[this.i] !== "}") {
        if (this.i >= this.src.length) this.fail("'{' is never closed with '}'", open);
        this.fail("Expected ',' or '}'");
      }
      if (this.src[this.i] === "}") {
        this.i++;
        return { type: "dict", entries: dedupeDict(entries) };
      }
      at = this.i;
      key = this.value();
      this.skip();
      if (this.src[this.i] !== ":") this.fail("Expected ':' after the dict key (a dict needs key: value for every item)");
    }
  }

  requireHashable(items: PyValue[], at: number, what: string): void {
    const bad = items.find((item) => !isHashable(item));
    if (bad) this.fail(`A ${bad.type} cannot be a ${what} (it is unhashable; use a tuple instead)`, at);
  }

  signed(): PyValue {
    const start = this.i;
    const negative = this.src[this.i] === "-";
    this.i++;
    this.skip();
    const c = this.src[this.i];
    if (c === undefined || !/[0-9.]/.test(c)) this.fail(`A sign must be followed by a number`, start);
    const v = this.number(this.i, negative);
    return v;
  }

  number(start: number, negative: boolean): PyValue {
    const rest = this.src.slice(this.i);
    const prefixed = /^0([xXoObB])(_?[0-9A-Za-z])+/.exec(rest);
    if (prefixed) {
      const base = { x: 16, o: 8, b: 2 }[prefixed[1].toLowerCase() as "x" | "o" | "b"];
      const digits = prefixed[0].slice(2).replace(/_/g, "");
      const valid = { 16: /^[0-9a-fA-F]+$/, 8: /^[0-7]+$/, 2: /^[01]+$/ }[base]!;
      if (!valid.test(digits)) this.fail(`'${prefixed[0]}' is not a valid base-${base} number`, start);
      this.i += prefixed[0].length;
      this.noTrailingName(start);
      const value = BigInt(`0${prefixed[1].toLowerCase()}${digits}`);
      return { type: "int", value: negative ? -value : value };
    }
    const m = /^(?:\d(?:_?\d)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][+-]?\d(?:_?\d)*)?/.exec(rest);
    const text = m?.[0] ?? "";
    if (text === "" || text === "." || /^\.[eE]/.test(text)) this.fail("Expected a number", start);
    this.i += text.length;
    if (/^[jJ]/.test(this.src.slice(this.i))) this.fail("Complex numbers are not supported", start);
    this.noTrailingName(start);
    const clean = text.replace(/_/g, "");
    if (/[.eE]/.test(clean)) {
      const value = Number(clean);
      return { type: "float", value: negative ? -value : value };
    }
    if (/^0\d/.test(clean) && /[1-9]/.test(clean)) this.fail(`Leading zeros are not allowed in '${text}' (write ${clean.replace(/^0+/, "")}, or 0o… for octal)`, start);
    const value = BigInt(clean);
    return { type: "int", value: negative ? -value : value };
  }

  noTrailingName(start: number): void {
    if (/^[A-Za-z_0-9]/.test(this.src.slice(this.i))) this.fail("Invalid number", start);
  }

  // One or more adjacent string literals ("a" "b" is "ab"); str and bytes cannot be mixed.
  strings(): PyValue {
    const start = this.i;
    let kind: "str" | "bytes" | null = null;
    let text = "";
    const bytes: number[] = [];
    for (;;) {
      const literal = this.string();
      if (kind && kind !== literal.kind) this.fail("Cannot concatenate a str and a bytes literal", start);
      kind = literal.kind;
      if (literal.kind === "str") text += literal.text;
      else bytes.push(...literal.bytes);
      const save = this.i;
      this.skip();
      const next = /^(?:[rRuUbB]{0,2})['"]/.exec(this.src.slice(this.i));
      if (!next) {
        this.i = save;
        break;
      }
    }
    return kind === "bytes" ? { type: "bytes", value: Uint8Array.from(bytes) } : { type: "str", value: text };
  }

  string(): { kind: "str"; text: string } | { kind: "bytes"; bytes: number[] } {
    const start = this.i;
    const prefix = /^[A-Za-z]*/.exec(this.src.slice(this.i))![0].toLowerCase();
    if (prefix.includes("f") || prefix.includes("t")) this.fail("f-strings and t-strings are not literals; write the text itself", start);
    if (!/^(|r|u|b|br|rb)$/.test(prefix)) this.fail(`'${prefix}' is not a string prefix`, start);
    const raw = prefix.includes("r");
    const isBytes = prefix.includes("b");
    this.i += prefix.length;
    const q = this.src[this.i];
    const triple = this.src.startsWith(q.repeat(3), this.i);
    const close = triple ? q.repeat(3) : q;
    this.i += close.length;
    let text = "";
    for (;;) {
      if (this.i >= this.src.length) this.fail(`Unterminated string (add the closing ${close})`, start);
      if (this.src.startsWith(close, this.i)) {
        this.i += close.length;
        break;
      }
      const c = this.src[this.i];
      if (c === "\n" && !triple) this.fail(`Unterminated string: it must end with ${close} on the same line (use \\n for a line break)`, start);
      if (c === "\\") {
        const next = this.src[this.i + 1];
        if (next === undefined) this.fail("Unterminated string", start);
        if (raw) {
          if (isBytes && next.charCodeAt(0) > 0x7f) this.fail("bytes literals may contain only ASCII characters (use \\x escapes)", this.i + 1);
          text += c + next; // In a raw string a backslash escapes nothing, but a quote after it does not end the string.
          this.i += 2;
          continue;
        }
        text += this.escape(isBytes);
        continue;
      }
      if (isBytes && c.charCodeAt(0) > 0x7f) this.fail("bytes literals may contain only ASCII characters (use \\x escapes)", this.i);
      text += c;
      this.i++;
    }
    if (!isBytes) return { kind: "str", text };
    return { kind: "bytes", bytes: Array.from(text, (ch) => ch.charCodeAt(0)) };
  }

  // Returns the escaped text; for bytes, \x80–\xff come back as the code units 0x80–0xff.
  escape(isBytes: boolean): string {
    const at = this.i;
    const next = this.src[this.i + 1];
    this.i += 2;
    if (next in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[next];
    if (next === "\n") return "";
    if (next === "\r") {
      if (this.src[this.i] === "\n") this.i++;
      return "";
    }
    if (/[0-7]/.test(next)) {
      let digits = next;
      while (digits.length < 3 && /[0-7]/.test(this.src[this.i] ?? "")) digits += this.src[this.i++];
      const code = parseInt(digits, 8);
      if (isBytes && code > 0xff) this.fail("Octal escape out of range for bytes", at);
      return String.fromCodePoint(code);
    }
    const hex = (n: number) => {
      const digits = this.src.slice(this.i, this.i + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) this.fail(`\\${next} needs ${n} hex digits`, at);
      this.i += n;
      return parseInt(digits, 16);
    };
    if (next === "x") return String.fromCharCode(hex(2));
    if (!isBytes && (next === "u" || next === "U")) {
      const code = hex(next === "u" ? 4 : 8);
      if (code > 0x10ffff) this.fail("Unicode escape out of range", at);
      // A lone surrogate (\ud800) is a valid Python string; String.fromCharCode keeps it as one code unit.
      return code > 0xffff ? String.fromCodePoint(code) : String.fromCharCode(code);
    }
    if (!isBytes && next === "N") this.fail("\\N{…} escapes are not supported; write the character itself", at);
    return `\\${next}`; // Python keeps unknown escapes as written (with a warning).
  }
}

/** Parses one Python literal; throws PythonLiteralError with the line and column of the problem. */
export function parsePythonLiteral(source: string): PyValue {
  return new Parser(source).parseTop();
}

/** Parses a literal and reports a problem instead of throwing (for form validation). */
export function checkPythonLiteral(source: string): { ok: true; value: PyValue } | { ok: false; error: PythonLiteralError } {
  try {
    return { ok: true, value: parsePythonLiteral(source) };
  } catch (error) {
    if (error instanceof PythonLiteralError) return { ok: false, error };
    throw error;
  }
}

/** Parses a call test's argument list (a list or tuple literal) into the positional arguments. */
export function parseCallArguments(source: string): PyValue[] {
  const value = parsePythonLiteral(source);
  if (value.type !== "list" && value.type !== "tuple") {
    throw new PythonLiteralError("The arguments must be a list, e.g. [3, 'a'] for f(3, 'a'), or [] for no arguments", {
      offset: 0,
      line: 1,
      column: 1,
    });
  }
  return value.items;
}
