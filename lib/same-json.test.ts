import { describe, expect, it } from "vitest";
import { sameJson } from "./same-json";

describe("sameJson", () => {
  it("ignores key order and undefined members, as jsonb does", () => {
    expect(sameJson({ scope: ["a"], lineitems: "x", lineitem: "y" }, { lineitem: "y", lineitems: "x", scope: ["a"] })).toBe(true);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: { b: [1, { c: 2 }] } }, { a: { b: [1, { c: 2 }] } })).toBe(true);
  });

  it("tells different values apart", () => {
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson({ a: null }, {})).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson(null, undefined)).toBe(false);
    expect(sameJson("1", 1)).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });

  it("compares dates by time", () => {
    expect(sameJson(new Date(5), new Date(5))).toBe(true);
    expect(sameJson(new Date(5), new Date(6))).toBe(false);
  });
});
