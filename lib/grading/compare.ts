import type { OutputComparison } from "./types";

function normalizeLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n").map((l) => l.replace(/\s+$/, ""));
  while (lines.length && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Whether a program's stdout matches the expected stdout. `exact`: byte for byte (newline style aside); `trim`:
 * trailing spaces and trailing blank lines ignored; `whitespace`: any run of whitespace equals one space;
 * `numeric`: tokens that are numbers compare within 1e-6 (relative), others as `whitespace`.
 */
export function outputMatches(actual: string, expected: string, mode: OutputComparison): boolean {
  switch (mode) {
    case "exact":
      return actual.replace(/\r\n?/g, "\n") === expected.replace(/\r\n?/g, "\n");
    case "trim":
      return normalizeLines(actual).join("\n") === normalizeLines(expected).join("\n");
    case "whitespace":
      return tokens(actual).join(" ") === tokens(expected).join(" ");
    case "numeric": {
      const a = tokens(actual);
      const e = tokens(expected);
      return a.length === e.length && a.every((t, i) => tokenEqual(t, e[i]));
    }
  }
}

function tokens(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function tokenEqual(a: string, e: string): boolean {
  if (NUMBER.test(a) && NUMBER.test(e)) {
    const x = Number(a);
    const y = Number(e);
    return Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(y));
  }
  return a === e;
}
