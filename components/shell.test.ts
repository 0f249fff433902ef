import { describe, expect, it } from "vitest";
import { pageTitle } from "./shell";

describe("pageTitle", () => {
  it("names the page first, then where it sits, without the generic Courses crumb", () => {
    const crumbs = [{ href: "/courses", label: "Courses" }, { href: "/courses/1", label: "Introduction to Programming" }, { label: "FizzBuzz" }];
    expect(pageTitle(crumbs)).toBe("FizzBuzz · Introduction to Programming · Lantern");
  });
  it("keeps Courses when it is the page itself", () => {
    expect(pageTitle([{ label: "Courses" }])).toBe("Courses · Lantern");
  });
  it("prefers an explicit title", () => {
    expect(pageTitle([], "Programming assignments in your LMS")).toBe("Programming assignments in your LMS · Lantern");
  });
});
