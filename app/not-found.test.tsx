import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { log } from "@/lib/log";
import NotFound from "./not-found";

describe("not-found page", () => {
  // Next renders the not-found boundary into every page's payload, so anything it logs appears on every render.
  it("renders without logging anything", async () => {
    const spies = (["debug", "info", "warn", "error"] as const).map((level) => vi.spyOn(log, level));
    const html = renderToStaticMarkup(await NotFound());
    expect(html).toContain("Page not found");
    // The app's frame and a next step, not a bare message (issue 10, item 19).
    expect(html).toContain('href="/">Lantern</a>');
    expect(html).toContain("What to do next");
    expect(html).toContain('href="/courses"');
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});
