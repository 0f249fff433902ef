import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "./api";
import { Autosaver, MAX_SERVER_ATTEMPTS, QUIET_ATTEMPTS, statusText, type AutosaveDeps, type SaveStatus } from "./use-autosave";

const files = (content: string) => [{ name: "main.py", content }];

function saverWith(answer: () => number) {
  const puts: string[] = [];
  const drafts: { content: string; dirty: boolean }[] = [];
  const statuses: SaveStatus["kind"][] = [];
  const deps: AutosaveDeps = {
    put: async (job) => {
      puts.push(job.files[0].content);
      const status = answer();
      if (status === 0) throw new ApiError(0, "You appear to be offline.");
      if (status >= 400) throw new ApiError(status, status >= 500 ? "Something went wrong. Error id: ab12cd34" : "Your files are too large");
      return { savedAt: new Date().toISOString() };
    },
    writeDraft: async (d) => void drafts.push({ content: d.files[0].content, dirty: d.dirty }),
    markDraftSaved: async () => void drafts.push({ content: "(saved)", dirty: false }),
  };
  const saver = new Autosaver({ draftKey: "u:a", ensureSubmission: async () => "sub-1", readOnly: false, initialSavedAt: null, deps });
  saver.subscribe((s) => statuses.push(s.kind));
  return { saver, puts, drafts, statuses };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("autosave", () => {
  it("says Saved when the server took the files although the browser refuses IndexedDB", async () => {
    const puts: string[] = [];
    const denied = () => Promise.reject(new DOMException("The user denied permission to access the database.", "UnknownError"));
    const saver = new Autosaver({
      draftKey: "u:a",
      ensureSubmission: async () => "sub-1",
      readOnly: false,
      initialSavedAt: null,
      deps: { put: async (job) => (puts.push(job.files[0].content), { savedAt: new Date().toISOString() }), writeDraft: denied, markDraftSaved: denied },
    });
    saver.change(files("a = 1"));
    await vi.advanceTimersByTimeAsync(800);
    expect(puts).toEqual(["a = 1"]);
    expect(saver.status.kind).toBe("saved");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(puts).toHaveLength(1); // no retry loop
  });

  it("shows a server that keeps failing as an error after a few attempts, then stops retrying", async () => {
    const s = saverWith(() => 500);
    s.saver.change(files("a = 1"));
    expect(s.drafts).toEqual([{ content: "a = 1", dirty: true }]);
    await vi.advanceTimersByTimeAsync(800); // the debounce: first attempt
    expect(s.puts).toHaveLength(1);
    expect(s.saver.status.kind).toBe("saving"); // one failure is not shown yet
    for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(60_000);
    expect(s.puts).toHaveLength(MAX_SERVER_ATTEMPTS); // not forever
    expect(s.statuses.filter((k) => k === "error").length).toBeGreaterThan(0);
    expect(s.statuses.indexOf("error")).toBeGreaterThan(QUIET_ATTEMPTS - 2);
    expect(s.saver.status.kind).toBe("error");
    expect(statusText(s.saver.status)).toBe("Not saved: Something went wrong. Error id: ab12cd34. Your work is kept on this device.");
    expect(s.statuses).not.toContain("offline"); // the server answered: this is not "offline"
    expect(s.drafts.at(-1)).toEqual({ content: "a = 1", dirty: true }); // still on the device, still unsaved
  });

  it("tries again with the next change after giving up, and clears the error once saved", async () => {
    let status = 500;
    const s = saverWith(() => status);
    s.saver.change(files("a = 1"));
    for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(60_000);
    status = 200;
    s.saver.change(files("a = 2"));
    await vi.advanceTimersByTimeAsync(800);
    expect(s.puts.at(-1)).toBe("a = 2");
    expect(s.saver.status.kind).toBe("saved");
  });

  it("shows a refusal at once without retrying, and keeps retrying while offline", async () => {
    const refused = saverWith(() => 413);
    refused.saver.change(files("x" ));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(refused.puts).toHaveLength(1);
    expect(statusText(refused.saver.status)).toBe("Not saved: Your files are too large. Your work is kept on this device.");

    let status = 0;
    const offline = saverWith(() => status);
    offline.saver.change(files("y"));
    await vi.advanceTimersByTimeAsync(800 + 1000 + 2000 + 4000 + 8000);
    expect(offline.puts.length).toBe(5);
    expect(offline.saver.status.kind).toBe("offline");
    status = 200;
    await offline.saver.flush(); // the browser's "online" event
    expect(offline.saver.status.kind).toBe("saved");
  });
});

describe("statusText where the browser keeps no copy on the device", () => {
  it("never claims the work is kept on the device", () => {
    const offline = statusText({ kind: "offline" }, false);
    const error = statusText({ kind: "error", message: "Something went wrong" }, false);
    for (const text of [offline, error]) {
      expect(text).not.toMatch(/kept on this device/);
      expect(text).toMatch(/Keep this tab open/);
    }
    expect(statusText({ kind: "offline" })).toBe("Offline — your work is kept on this device");
  });
});
