import { describe, expect, it } from "vitest";
import { chooseDraft } from "./draft-choice";

const files = (content: string) => [{ name: "main.py", content }];
const draft = (content: string, changedAt: string, dirty = true) => ({ key: "u:a", files: files(content), changedAt, dirty });

describe("chooseDraft", () => {
  it("ignores a device copy that reached the server", () => {
    expect(chooseDraft(draft("x", "2026-01-01T00:00:02.000Z", false), { files: files("y"), savedAt: "2026-01-01T00:00:01.000Z" })).toBe("none");
    expect(chooseDraft(null, { files: null, savedAt: null })).toBe("none");
  });

  it("restores an unsaved device copy newer than the server's, or when the server has none", () => {
    expect(chooseDraft(draft("new", "2026-01-01T00:00:02.000Z"), { files: files("old"), savedAt: "2026-01-01T00:00:01.000Z" })).toBe("restore");
    expect(chooseDraft(draft("new", "2026-01-01T00:00:02.000Z"), { files: null, savedAt: null })).toBe("restore");
  });

  it("keeps the server's copy when it is newer", () => {
    expect(chooseDraft(draft("old", "2026-01-01T00:00:01.000Z"), { files: files("new"), savedAt: "2026-01-01T00:00:02.000Z" })).toBe("replace");
  });

  it("marks the device copy saved when the server already holds the same files, whatever the timestamps say", () => {
    // A save in flight when the tab closed lands on the server with the draft's own time: equal, not newer.
    expect(chooseDraft(draft("same", "2026-01-01T00:00:02.000Z"), { files: files("same"), savedAt: "2026-01-01T00:00:02.000Z" })).toBe("clean");
    expect(chooseDraft(draft("same", "2026-01-01T00:00:01.000Z"), { files: files("same"), savedAt: "2026-01-01T00:00:09.000Z" })).toBe("clean");
  });

  it("compares names and contents, file by file", () => {
    const twoFiles = { ...draft("a", "2026-01-01T00:00:02.000Z"), files: [...files("a"), { name: "data.txt", content: "1" }] };
    expect(chooseDraft(twoFiles, { files: files("a"), savedAt: "2026-01-01T00:00:01.000Z" })).toBe("restore");
  });
});
