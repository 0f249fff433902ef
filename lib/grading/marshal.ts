// Decodes what a student's function returned, as written by CPython's `marshal.dumps(value, 2)` inside the
// student's interpreter. marshal is C code that checks exact types (an int subclass, a str subclass or an object
// of the student's own class is refused there, before anything reaches us), and version 2 has no back-references.
// This decoder trusts nothing: it accepts only plain data (None, bool, int, float, str, bytes, list, tuple, dict,
// set, frozenset), bounds depth and size, and rejects everything else. Format: CPython Python/marshal.c.
import { dedupeDict, dedupeSet, isHashable, type PyValue } from "./py-value";

export class MarshalError extends Error {
  name = "MarshalError";
}

const MAX_DEPTH = 200;
const MAX_ITEMS = 1_000_000;

// CPython's marshal encodes str as UTF-8 with "surrogatepass", so a lone surrogate arrives as its 3-byte form;
// TextDecoder would replace it, so this decodes by hand.
function utf8SurrogatePass(b: Uint8Array): string {
  let out = "";
  let chunk: number[] = [];
  const flush = () => {
    out += String.fromCharCode(...chunk);
    chunk = [];
  };
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    let code: number;
    let n: number;
    if (c < 0x80) [code, n] = [c, 1];
    else if (c >= 0xc2 && c < 0xe0) [code, n] = [c & 0x1f, 2];
    else if (c >= 0xe0 && c < 0xf0) [code, n] = [c & 0x0f, 3];
    else if (c >= 0xf0 && c < 0xf5) [code, n] = [c & 0x07, 4];
    else throw new MarshalError("invalid UTF-8 in a string");
    if (i + n > b.length) throw new MarshalError("truncated UTF-8 in a string");
    for (let k = 1; k < n; k++) {
      if ((b[i + k] & 0xc0) !== 0x80) throw new MarshalError("invalid UTF-8 in a string");
      code = (code << 6) | (b[i + k] & 0x3f);
    }
    if ((n === 3 && code < 0x800) || (n === 4 && (code < 0x10000 || code > 0x10ffff))) throw new MarshalError("overlong UTF-8");
    if (code > 0xffff) {
      code -= 0x10000;
      chunk.push(0xd800 + (code >> 10), 0xdc00 + (code & 0x3ff));
    } else chunk.push(code);
    if (chunk.length > 4096) flush();
    i += n;
  }
  flush();
  return out;
}

class Reader {
  private i = 0;
  private view: DataView;
  constructor(private readonly b: Uint8Array) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  done(): boolean {
    return this.i === this.b.length;
  }
  need(n: number): void {
    if (n < 0 || this.i + n > this.b.length) throw new MarshalError("truncated data");
  }
  byte(): number {
    this.need(1);
    return this.b[this.i++];
  }
  peek(): number {
    this.need(1);
    return this.b[this.i];
  }
  int32(): number {
    this.need(4);
    const v = this.view.getInt32(this.i, true);
    this.i += 4;
    return v;
  }
  uint16(): number {
    this.need(2);
    const v = this.view.getUint16(this.i, true);
    this.i += 2;
    return v;
  }
  float64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.i, true);
    this.i += 8;
    return v;
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const v = this.b.slice(this.i, this.i + n);
    this.i += n;
    return v;
  }
  count(): number {
    const n = this.int32();
    if (n < 0 || n > MAX_ITEMS) throw new MarshalError("bad length");
    return n;
  }
}

function readValue(r: Reader, depth: number): PyValue {
  if (depth > MAX_DEPTH) throw new MarshalError("nested too deeply");
  const code = r.byte();
  if (code & 0x80) throw new MarshalError("references are not plain data");
  const type = String.fromCharCode(code);
  switch (type) {
    case "N":
      return { type: "none" };
    case "T":
      return { type: "bool", value: true };
    case "F":
      return { type: "bool", value: false };
    case "i":
      return { type: "int", value: BigInt(r.int32()) };
    case "l": {
      const n = r.int32();
      const size = Math.abs(n);
      if (size > 100_000) throw new MarshalError("integer too large");
      let value = 0n;
      for (let k = 0; k < size; k++) {
        const digit = r.uint16();
        if (digit >= 1 << 15) throw new MarshalError("bad integer digit");
        value |= BigInt(digit) << BigInt(15 * k);
      }
      return { type: "int", value: n < 0 ? -value : value };
    }
    case "g":
      return { type: "float", value: r.float64() };
    case "u":
    case "t":
      return { type: "str", value: utf8SurrogatePass(r.bytes(r.count())) };
    case "s":
      return { type: "bytes", value: r.bytes(r.count()) };
    case "(":
    case "[": {
      const n = r.count();
      const items: PyValue[] = [];
      for (let k = 0; k < n; k++) items.push(readValue(r, depth + 1));
      return { type: type === "(" ? "tuple" : "list", items };
    }
    case "<":
    case ">": {
      const n = r.count();
      const items: PyValue[] = [];
      for (let k = 0; k < n; k++) {
        const item = readValue(r, depth + 1);
        if (!isHashable(item)) throw new MarshalError("unhashable set member");
        items.push(item);
      }
      return { type: "set", items: dedupeSet(items) };
    }
    case "{": {
      const entries: [PyValue, PyValue][] = [];
      for (;;) {
        if (entries.length > MAX_ITEMS) throw new MarshalError("bad length");
        const key = readKeyOrEnd(r, depth + 1);
        if (!key) return { type: "dict", entries: dedupeDict(entries) };
        entries.push([key, readValue(r, depth + 1)]);
      }
    }
    default:
      throw new MarshalError(`type '${type}' is not plain data`);
  }
}

function readKeyOrEnd(r: Reader, depth: number): PyValue | null {
  if (r.peek() === 0x30 /* '0', TYPE_NULL, ends a dict */) {
    r.byte();
    return null;
  }
  const key = readValue(r, depth);
  if (!isHashable(key)) throw new MarshalError("unhashable dict key");
  return key;
}

/** Decodes one marshalled plain value; throws MarshalError for anything else (including trailing bytes). */
export function decodeMarshal(bytes: Uint8Array): PyValue {
  const r = new Reader(bytes);
  const value = readValue(r, 0);
  if (!r.done()) throw new MarshalError("trailing data");
  return value;
}

/** Decodes base64 (as sent over the grader's JSON protocol) to bytes, without Node's Buffer (runs in browsers). */
export function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
