import { describe, expect, it } from "vitest";
import { courseSections } from "./sections";

const a = (id: string, groupId: string | null) => ({ id, groupId });
const titles = (sections: { title: string; items: { id: string }[] }[]) => sections.map((s) => [s.title, s.items.map((i) => i.id)]);

describe("courseSections", () => {
  it("calls ungrouped assignments just 'Assignments' when no group heading is above them", () => {
    expect(titles(courseSections([], [a("1", null), a("2", null)]))).toEqual([["Assignments", ["1", "2"]]]);
    // An empty group shows no heading, so it does not count as "above".
    expect(titles(courseSections([{ id: "g", title: "Week 1" }], [a("1", null)]))).toEqual([["Assignments", ["1"]]]);
  });

  it("calls them 'Other assignments' below the groups, and counts a deleted group's assignments among them", () => {
    const groups = [{ id: "g1", title: "Week 1" }, { id: "g2", title: "Week 2" }];
    expect(titles(courseSections(groups, [a("1", "g2"), a("2", null), a("3", "gone"), a("4", "g1")]))).toEqual([
      ["Week 1", ["4"]],
      ["Week 2", ["1"]],
      ["Other assignments", ["2", "3"]],
    ]);
  });

  it("has no sections without assignments", () => {
    expect(courseSections([{ id: "g", title: "Week 1" }], [])).toEqual([]);
  });
});
