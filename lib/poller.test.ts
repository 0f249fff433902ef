import { describe, expect, it } from "vitest";
import { createPoller, stopAllPollers } from "./poller";
import { installSigtermDrain, resetDrainForTests } from "./server/shutdown";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("createPoller", () => {
  it("keeps working while there is work, sleeps when idle, and wakes at once", async () => {
    let queue = 3;
    let calls = 0;
    const poller = createPoller({ name: "t", idleMs: 60_000, work: async () => (calls++, queue > 0 ? (queue--, true) : false) });
    await tick();
    expect(queue).toBe(0);
    const idleCalls = calls;
    await tick();
    expect(calls).toBe(idleCalls); // asleep: the idle interval is a minute
    queue = 1;
    poller.wake();
    await tick();
    expect(queue).toBe(0);
    await poller.stop();
  });

  it("does not lose a wake that arrives while work is running", async () => {
    let release!: () => void;
    let runs = 0;
    const poller = createPoller({
      name: "t",
      idleMs: 60_000,
      work: async () => {
        runs++;
        if (runs === 1) await new Promise<void>((r) => (release = r));
        return false;
      },
    });
    await tick();
    poller.wake(); // during the first run
    release();
    await tick();
    expect(runs).toBe(2);
    await poller.stop();
  });

  it("survives a failing pass", async () => {
    let runs = 0;
    const poller = createPoller({ name: "t", idleMs: 1, work: async () => { runs++; if (runs === 1) throw new Error("db down"); return false; } });
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBeGreaterThan(1);
    await poller.stop();
  });

  it("claims nothing once the process drains, and stopAllPollers waits for the work in hand", async () => {
    let release!: () => void;
    let started = 0;
    let finished = 0;
    const poller = createPoller({
      name: "t",
      idleMs: 60_000,
      work: async () => {
        started++;
        await new Promise<void>((r) => (release = r));
        finished++;
        return true; // more to do: without a drain it would go straight on
      },
    });
    await tick();
    expect(started).toBe(1);
    // SIGTERM through the drain (lib/server/shutdown.ts) with a stand-in for Next's own listener.
    const saved = process.listeners("SIGTERM");
    process.removeAllListeners("SIGTERM");
    process.on("SIGTERM", () => {});
    try {
      installSigtermDrain({ drainMs: 60_000 });
      process.emit("SIGTERM", "SIGTERM");
      const stopped = stopAllPollers();
      release();
      await stopped;
      expect(finished).toBe(1);
      expect(started).toBe(1);
      // A loop created during the drain takes nothing either.
      let late = 0;
      const latecomer = createPoller({ name: "late", idleMs: 60_000, work: async () => (late++, false) });
      await tick();
      expect(late).toBe(0);
      await latecomer.stop();
    } finally {
      process.removeAllListeners("SIGTERM");
      for (const l of saved) process.on("SIGTERM", l);
      resetDrainForTests();
      await poller.stop();
    }
  });
});
