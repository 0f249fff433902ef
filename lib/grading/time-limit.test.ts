import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startTimeLimit, WALL_FACTOR, type TimeLimitEnd } from "./time-limit";

// Fake timers and a fake CPU counter: what is checked is when the limit ends a run, never how long anything takes.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** `used(elapsed)`: the run's CPU ms after `elapsed` wall-clock ms. */
function limit(used: (elapsed: number) => number | null, limitMs = 1000) {
  const ends: { end: TimeLimitEnd; at: number }[] = [];
  const start = Date.now();
  const clear = startTimeLimit({ limitMs, usedMs: () => used(Date.now() - start), expire: (end) => ends.push({ end, at: Date.now() - start }), now: () => Date.now() });
  return { ends, clear };
}

describe("a grading run's time limit", () => {
  it("ends a run that got its CPU time at the wall-clock limit", () => {
    const { ends } = limit(() => 1000);
    vi.advanceTimersByTime(999);
    expect(ends).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ends).toEqual([{ end: "cpu", at: 1000 }]);
  });

  it("gives a run that waited for a CPU the CPU time it has left", () => {
    // Starved: a quarter of a core, so 1 s of CPU takes 4 s.
    const { ends } = limit((elapsed) => elapsed / 4);
    vi.advanceTimersByTime(2999);
    expect(ends).toEqual([]);
    vi.advanceTimersByTime(WALL_FACTOR * 1000);
    expect(ends).toEqual([{ end: "cap", at: WALL_FACTOR * 1000 }]);
  });

  it("ends a starved run once its CPU reaches the limit, before the cap", () => {
    const { ends } = limit((elapsed) => elapsed / 2);
    vi.advanceTimersByTime(WALL_FACTOR * 1000);
    expect(ends).toHaveLength(1);
    expect(ends[0].end).toBe("cpu");
    expect(ends[0].at).toBeGreaterThanOrEqual(1960);
    expect(ends[0].at).toBeLessThan(WALL_FACTOR * 1000);
  });

  it("ends a run that sleeps (uses no CPU) at the cap", () => {
    const { ends } = limit(() => 0);
    vi.advanceTimersByTime(10_000);
    expect(ends).toEqual([{ end: "cap", at: WALL_FACTOR * 1000 }]);
  });

  it("falls back to wall-clock time without CPU figures", () => {
    const { ends } = limit(() => null);
    vi.advanceTimersByTime(1000);
    expect(ends).toEqual([{ end: "wall", at: 1000 }]);
  });

  it("does nothing once cleared (the run finished)", () => {
    const { ends, clear } = limit(() => 0);
    vi.advanceTimersByTime(1500);
    clear();
    vi.advanceTimersByTime(10_000);
    expect(ends).toEqual([]);
  });
});
