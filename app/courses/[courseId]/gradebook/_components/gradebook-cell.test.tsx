import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { cellDescription, decodeCell, encodeCell, GradebookCellView, type CellView } from "./gradebook-cell";

const plain: CellView = { score: 7, status: "graded", overridden: false, late: false, grading: false, sync: "delivered" };
const uuid = "0f8e4c2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b";
const href = `assignments/${uuid}/students/${uuid}`;
const cell = (c: CellView | null) => renderToStaticMarkup(<table><tbody><tr><GradebookCellView cell={c} points={10} href={href} studentName="Grace Hopper" /></tr></tbody></table>);

describe("gradebook cell codes", () => {
  it("carry every status, mark and sync state to the browser and back", () => {
    for (const status of ["not_started", "in_progress", "submitted", "graded"] as const)
      for (const sync of ["none", "delivered", "pending", "waiting", "failed"] as const)
        for (const marks of [0, 1, 2, 3, 4, 5, 6, 7]) {
          const c: CellView = { score: status === "graded" ? 9.5 : null, status, sync, overridden: (marks & 1) > 0, late: (marks & 2) > 0, grading: (marks & 4) > 0 };
          expect(decodeCell(encodeCell(c))).toEqual(c);
        }
  });

  it("are a few characters each in the page's data", () => {
    expect(JSON.stringify(encodeCell(plain))).toBe("[7,35]");
  });
});

describe("GradebookCellView", () => {
  it("is a plain link in a cell, named for the student and the score, with no per-cell styling", () => {
    const html = cell(plain);
    expect(html).toContain(`<td><a href="${href}" aria-label="Grace Hopper: 7 of 10">7</a></td>`);
    expect(html).not.toContain("class=");
    expect(html).not.toContain("title=");
    // The cell, its link (two ids) and the student's name are the whole cost: about 150 bytes (it was about 0.5 KB in
    // HTML, and as much again as React's element tree in the flight data).
    expect(html.match(/<td>.*<\/td>/)![0].length).toBeLessThanOrEqual(160);
  });

  it("explains its marks in the accessible name and the tooltip", () => {
    const html = cell({ ...plain, overridden: true, late: true, sync: "failed" });
    const words = "7 of 10, overridden by staff, late, did not reach the LMS";
    expect(html).toContain(`aria-label="Grace Hopper: ${words}" title="${words}"`);
    expect(html).toContain('<i class="gb-o">O</i><i class="gb-l">L</i><i class="gb-x">!</i>');
  });

  it("says when there is no score to show", () => {
    expect(cell(null)).toContain('aria-label="Grace Hopper: not started" class="gb-dim">–</a>');
    expect(cell({ ...plain, score: null, status: "submitted", sync: "none" })).toContain('aria-label="Grace Hopper: submitted, no grade yet" class="gb-dim">sub.</a>');
    expect(cell({ ...plain, score: null, status: "in_progress", sync: "none" })).toContain('aria-label="Grace Hopper: not submitted" class="gb-dim">in prog.</a>');
    expect(cellDescription({ ...plain, grading: true, sync: "pending" }, 10)).toBe("7 of 10, being graded, on its way to the LMS");
  });
});
