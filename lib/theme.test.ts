import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { THEME } from "./theme";

describe("theme", () => {
  // The pages outside React (lib/lti/html.ts) take their colours from THEME; Tailwind takes them from globals.css.
  it("is the palette app/globals.css gives Tailwind", () => {
    const css = readFileSync(path.resolve(import.meta.dirname, "../app/globals.css"), "utf8");
    const declared = Object.fromEntries([...css.matchAll(/--color-(lantern-\d+):\s*(#[0-9a-f]{6})/g)].map((m) => [m[1], m[2]]));
    expect(declared).toEqual(THEME.colors);
    expect(css).toContain(`--font-sans: ${THEME.fontSans};`);
    expect(css).toContain(`--font-mono: ${THEME.fontMono};`);
  });
});
