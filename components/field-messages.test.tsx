import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { describedBy, FieldMessages, invalid } from "./field-messages";
import { PointsInput } from "./points-input";

describe("field messages", () => {
  it("ties the hint and the error to the control, in that order, and only those present", () => {
    expect(describedBy("points", "Out of 10", "Too many")).toBe("points-hint points-error");
    expect(describedBy("points", undefined, "Too many")).toBe("points-error");
    expect(describedBy("points", "Out of 10", [])).toBe("points-hint");
    expect(describedBy("points", "", undefined)).toBeUndefined();
    expect(invalid(["a"])).toBe(true);
    expect(invalid([])).toBeUndefined();
    expect(invalid("")).toBeUndefined();
  });

  it("renders a single error as a paragraph and several as a list, under the ids describedBy names", () => {
    const one = renderToStaticMarkup(<FieldMessages id="f" hint="A hint" error="Bad" />);
    expect(one).toBe('<p id="f-hint" class="mt-1 text-xs text-slate-600">A hint</p><p id="f-error" class="mt-1 text-sm text-red-800">Bad</p>');
    const many = renderToStaticMarkup(<FieldMessages id="f" error={["One", "Two"]} />);
    expect(many).toBe('<ul id="f-error" class="mt-1 text-sm text-red-800"><li>One</li><li>Two</li></ul>');
    expect(renderToStaticMarkup(<FieldMessages id="f" error={[]} />)).toBe("");
  });

  it("a points input with an error is invalid and described by both messages", () => {
    const html = renderToStaticMarkup(<PointsInput id="pts" label="Points" hint="Out of 10" error="Use a number" />);
    expect(html).toContain('aria-describedby="pts-hint pts-error"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('<p id="pts-error" class="mt-1 text-sm text-red-800">Use a number</p>');
  });
});
