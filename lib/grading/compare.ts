import type { OutputComparison } from "./types";

function normalizeLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n").map((l) => l.replace(/\s+$/, ""));
  while (lines.length && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const DEFAULT_TOLERANCE = 1e-6;

/**
 * Whether a program's stdout matches the expected stdout. `exact`: byte for byte (newline style aside); `trim`:
 * trailing spaces and trailing blank lines ignored; `whitespace`: any run of whitespace equals one space;
 * `numeric`: tokens that are numbers compare within `floatTolerance` (relative, 1e-6 by default), others as
 * `whitespace`. With `ignoreCase`, letters compare case-insensitively in every mode.
 */
export function outputMatches(
  actual: string,
  expected: string,
  mode: OutputComparison,
  { ignoreCase = false, floatTolerance }: { ignoreCase?: boolean; floatTolerance?: number } = {},
): boolean {
  const fold = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  const a = fold(actual);
  const e = fold(expected);
  switch (mode) {
    case "exact":
      return a.replace(/\r\n?/g, "\n") === e.replace(/\r\n?/g, "\n");
    case "trim":
      return normalizeLines(a).join("\n") === normalizeLines(e).join("\n");
    case "whitespace":
      return tokens(a).join(" ") === tokens(e).join(" ");
    case "numeric": {
      const at = tokens(a);
      const et = tokens(e);
      return at.length === et.length && at.every((t, i) => tokenEqual(t, et[i], floatTolerance ?? DEFAULT_TOLERANCE));
    }
  }
}

function tokens(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function tokenEqual(a: string, e: string, tolerance: number): boolean {
  if (NUMBER.test(a) && NUMBER.test(e)) {
    const x = Number(a);
    const y = Number(e);
    return Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(y));
  }
  return a === e;
}
