import { beforeAll, describe, expect, it } from "vitest";

// A browser that refuses IndexedDB, as Chromium does for a third-party LMS frame with third-party storage blocked:
// open() answers with an error event ("The user denied permission to access the database").
beforeAll(() => {
  (globalThis as { indexedDB?: unknown }).indexedDB = {
    open() {
      const req: { error: Error; onerror?: () => void } = { error: new DOMException("The user denied permission to access the database.", "UnknownError") };
      setTimeout(() => req.onerror?.(), 0);
      return req;
    },
  };
});

describe("local-store where the browser refuses IndexedDB", () => {
  it("keeps drafts and queued events in this tab's memory and says they are not kept on the device", async () => {
    const store = await import("./local-store");
    expect(await store.keptOnDevice()).toBe(false);

    const draft = { key: "u:a", files: [{ name: "main.py", content: "x = 1\n" }], changedAt: "2026-01-01T00:00:01.000Z", dirty: true };
    await store.writeDraft(draft);
    expect(await store.readDraft("u:a")).toEqual(draft);
    await store.markDraftSaved("u:a", "2026-01-01T00:00:00.000Z"); // an older save: the draft stays unsaved
    expect((await store.readDraft("u:a"))?.dirty).toBe(true);
    await store.markDraftSaved("u:a", draft.changedAt);
    expect((await store.readDraft("u:a"))?.dirty).toBe(false);

    const events = [1, 2, 3].map((n) => ({ id: `e${n}`, key: "u:a", event: { n } }));
    await store.queueEvents([...events, { id: "other", key: "u:b", event: {} }]);
    expect((await store.readQueuedEvents("u:a", 2)).map((e) => e.id)).toEqual(["e1", "e2"]);
    await store.dropQueuedEvents(["e1"]);
    await store.quarantineEvents([events[1]], "refused");
    expect((await store.readQueuedEvents("u:a", 10)).map((e) => e.id)).toEqual(["e3"]);
    expect(await store.readQueuedEvents("u:a#refused", 10)).toEqual([{ ...events[1], key: "u:a#refused", reason: "refused" }]);
  });
});
