import { log } from "@/lib/log";
import { runGradingJob } from "./grade";

type Runner = { wake: () => void; stop: () => Promise<void> };
const holder = globalThis as unknown as { __lanternGradingRunner?: Runner };

const IDLE_POLL_MS = 5_000;

/**
 * The in-process background runner for grading jobs (durable rows in `grading_jobs`). It drains the queue with
 * `concurrency` loops, sleeps when idle, and is woken at once by `wakeGradingRunner()` after a submit. Jobs left
 * over from a restart are picked up on the next poll; expired claims are retried.
 */
export function startGradingRunner({ concurrency = 2 }: { concurrency?: number } = {}): Runner {
  if (holder.__lanternGradingRunner) return holder.__lanternGradingRunner;
  let stopped = false;
  let wakers: (() => void)[] = [];
  // A wake that arrives while every loop is busy must not be lost: the next sleep returns at once.
  let pendingWake = false;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (pendingWake) {
        pendingWake = false;
        return resolve();
      }
      const timer = setTimeout(done, ms);
      timer.unref?.();
      function done() {
        clearTimeout(timer);
        wakers = wakers.filter((w) => w !== done);
        resolve();
      }
      wakers.push(done);
    });
  const loop = async () => {
    while (!stopped) {
      try {
        const { outcome } = await runGradingJob();
        if (outcome === "not_claimed") await sleep(IDLE_POLL_MS);
      } catch (error) {
        log.error("grading runner error", { error });
        await sleep(IDLE_POLL_MS);
      }
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  const runner: Runner = {
    wake: () => {
      if (wakers.length === 0) pendingWake = true;
      wakers.slice().forEach((w) => w());
    },
    stop: async () => {
      stopped = true;
      runner.wake();
      await Promise.all(loops);
      holder.__lanternGradingRunner = undefined;
    },
  };
  holder.__lanternGradingRunner = runner;
  return runner;
}

/** Starts the runner if needed and wakes it (call after queueing a job). */
export function wakeGradingRunner(): void {
  startGradingRunner().wake();
}

/** Stops the process's runner (tests and benchmarks). */
export async function stopGradingRunner(): Promise<void> {
  await holder.__lanternGradingRunner?.stop();
}
