import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SyncStateText } from "./sync-state";

const text = (html: string) => html.replace(/<[^>]+>/g, "");
const at = new Date("2026-12-07T17:00:00Z");
const pending = (attempts: number, sending: boolean) =>
  renderToStaticMarkup(<SyncStateText hasGrade state={{ kind: "pending", nextAttemptAt: at, attempts, sending, reason: null }} />);

describe("SyncStateText", () => {
  it("names no attempt number while the first attempt is under way", () => {
    expect(text(pending(1, true))).toBe("Sending…");
    expect(text(pending(0, false))).toBe("Sending…");
  });

  it("says attempt 2 only after the first attempt failed", () => {
    expect(text(pending(1, false))).toMatch(/^Sending… next try .+ \(attempt 2\)$/);
    expect(text(pending(2, true))).toBe("Sending… (attempt 2)");
  });

  it("renders dates as <time> for the reader's own time zone", () => {
    expect(pending(1, false)).toContain(`<time dateTime="${at.toISOString()}">`);
    const delivered = renderToStaticMarkup(
      <SyncStateText hasGrade state={{ kind: "delivered", at, value: 7, max: 10, skippedUnchanged: false }} />,
    );
    expect(delivered).toContain(`<time dateTime="${at.toISOString()}">`);
  });
});
