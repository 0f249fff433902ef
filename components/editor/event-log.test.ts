import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "./api";
import { EventLog, type EventQueueDeps } from "./event-log";
import type { QueuedEvent } from "./local-store";

/** An in-memory stand-in for the IndexedDB queue and a server that answers what `answer` says per batch. */
function fakeQueue(answer: (events: Record<string, unknown>[]) => number) {
  const queued = new Map<string, QueuedEvent>();
  const refused: (QueuedEvent & { reason: string })[] = [];
  const stored: string[] = [];
  const posts: number[] = [];
  let clock = 0;
  const deps: EventQueueDeps = {
    queue: async (events) => events.forEach((e) => queued.set(e.id, e)),
    read: async (key, limit) => [...queued.values()].filter((e) => e.key === key).slice(0, limit),
    drop: async (ids) => ids.forEach((id) => queued.delete(id)),
    quarantine: async (events, reason) => {
      for (const e of events) {
        queued.delete(e.id);
        refused.push({ ...e, reason });
      }
    },
    post: async (_submission, events) => {
      posts.push(events.length);
      const status = answer(events);
      if (status === 0) throw new ApiError(0, "You appear to be offline.");
      if (status >= 400) throw new ApiError(status, `refused (${status})`);
      stored.push(...events.map((e) => e.id as string));
    },
    now: () => clock,
  };
  return { deps, queued, refused, stored, posts, tick: (ms: number) => (clock += ms) };
}

const logs: EventLog[] = [];
function logWith(deps: EventQueueDeps) {
  const log = new EventLog("u:a", undefined, true, deps);
  logs.push(log);
  return log;
}
afterEach(() => logs.splice(0).forEach((l) => l.detach()));

async function recordSome(log: EventLog, q: ReturnType<typeof fakeQueue>, n: number) {
  for (let i = 0; i < n; i++) log.record("X-Focus", { data: { i } });
  await Promise.resolve();
  expect(q.queued.size).toBe(n);
  return [...q.queued.keys()];
}

describe("event queue", () => {
  it("sets aside one event the server refuses and still sends every event around it", async () => {
    let bad = "";
    const q = fakeQueue((events) => (events.some((e) => e.id === bad) ? 400 : 200));
    const log = logWith(q.deps);
    const ids = await recordSome(log, q, 7);
    bad = ids[4];
    log.attach("sub-1");
    await log.flush();
    expect(q.stored.sort()).toEqual(ids.filter((id) => id !== bad).sort());
    expect(q.refused.map((e) => [e.id, e.key, e.reason])).toEqual([[bad, "u:a", "refused (400)"]]);
    expect(q.queued.size).toBe(0);
  });

  it("splits a batch the server finds too large instead of dropping it", async () => {
    const q = fakeQueue((events) => (events.length > 2 ? 413 : 200));
    const log = logWith(q.deps);
    const ids = await recordSome(log, q, 5);
    log.attach("sub-1");
    await log.flush();
    expect(q.stored.sort()).toEqual([...ids].sort());
    expect(q.refused).toEqual([]);
  });

  it("keeps events queued through server failures and offline, backing off, then sends them", async () => {
    let status = 500;
    const q = fakeQueue(() => status);
    const log = logWith(q.deps);
    const ids = await recordSome(log, q, 3);
    log.attach("sub-1");
    await log.flush();
    expect(q.posts).toEqual([3]);
    // Backing off: a periodic flush right after a failure does not hammer the server.
    await log.flush();
    expect(q.posts).toEqual([3]);
    q.tick(4_000);
    status = 0;
    await log.flush();
    expect(q.posts).toEqual([3, 3]);
    q.tick(4_000);
    await log.flush();
    expect(q.posts).toEqual([3, 3]); // the second failure doubled the wait to 8 s
    expect(q.queued.size).toBe(3);
    expect(q.refused).toEqual([]);
    // Back online: the page forces a flush, and everything arrives.
    status = 200;
    await log.flush({ force: true });
    expect(q.stored).toEqual(ids);
    expect(q.queued.size).toBe(0);
  });
});
