import { env } from "@/lib/env";
import { createPoller, type Poller } from "@/lib/poller";
import { runGradingJob } from "./grade";

const holder = globalThis as unknown as { __lanternGradingRunner?: Poller };

const IDLE_POLL_MS = 5_000;

/**
 * The in-process background runner for grading jobs (durable rows in `grading_jobs`). It drains the queue with
 * `concurrency` loops, sleeps when idle, and is woken at once by `wakeGradingRunner()` after a submit. Jobs left
 * over from a restart are picked up on the next poll; expired claims are retried.
 */
export function startGradingRunner({ concurrency = 2, idleMs = IDLE_POLL_MS }: { concurrency?: number; idleMs?: number } = {}): Poller {
  if (holder.__lanternGradingRunner) return holder.__lanternGradingRunner;
  const loops = Array.from({ length: concurrency }, () =>
    createPoller({
      name: "grading runner",
      idleMs,
      work: async () => (await runGradingJob()).outcome !== "not_claimed",
    }),
  );
  const runner: Poller = {
    wake: () => loops.forEach((loop) => loop.wake()),
    stop: async () => {
      await Promise.all(loops.map((loop) => loop.stop()));
      holder.__lanternGradingRunner = undefined;
    },
  };
  holder.__lanternGradingRunner = runner;
  return runner;
}

/** Starts the runner if needed and wakes it (call after queueing a job); with GRADER_MODE=external, `npm run grader` processes poll instead. */
export function wakeGradingRunner(): void {
  if (env().GRADER_MODE === "external") return;
  startGradingRunner({ concurrency: env().GRADER_CONCURRENCY }).wake();
}

/** Stops the process's runner (tests and benchmarks). */
export async function stopGradingRunner(): Promise<void> {
  await holder.__lanternGradingRunner?.stop();
}
