import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart } from "./bar-chart";

describe("BarChart", () => {
  it("is one image whose text alternative lists every bar", () => {
    const html = renderToStaticMarkup(<BarChart label="Events per day" unit="events" bars={[{ label: "1 Dec", value: 4 }, { label: "2 Dec", value: 0 }]} />);
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-label="Events per day: 1 Dec 4 events, 2 Dec 0 events. Highest 4."');
  });

  it("scales bars to the highest value and draws nothing for zero", () => {
    const html = renderToStaticMarkup(<BarChart label="x" unit="y" height={116} bars={[{ label: "a", value: 2 }, { label: "b", value: 1 }, { label: "c", value: 0 }]} />);
    // Plot height = 116 − 16 (axis) − 12 (top) = 88: 2 → 88 px, 1 → 44 px, 0 → 0 px.
    const heights = [...html.matchAll(/<rect [^>]*height="(\d+)"/g)].map((m) => Number(m[1]));
    expect(heights).toEqual([88, 44, 0]);
  });
});
