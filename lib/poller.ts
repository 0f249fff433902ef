import { log } from "./log";
import { isDraining } from "./server/shutdown";

export type Poller = { wake: () => void; stop: () => Promise<void> };

// Every running loop of this process, so a shutdown can stop them all (globalThis: see lib/server/shutdown.ts).
const state = globalThis as unknown as { __lanternPollers?: Set<Poller> };
const live = (state.__lanternPollers ??= new Set());

/**
 * Stops every loop of this process and resolves once the work each had in hand is done (a draining instance takes
 * no new rows: they wait in the database for another instance, and what it had claimed finishes instead of waiting
 * for its lease to run out).
 */
export async function stopAllPollers(): Promise<void> {
  await Promise.all([...live].map((poller) => poller.stop()));
}

/**
 * A background loop for in-process work driven by durable rows: runs `work` until it reports nothing left, then
 * sleeps `idleMs` (or until woken). A wake that arrives while `work` runs is remembered, so none is lost. Once the
 * process is draining (SIGTERM) it claims nothing more.
 */
export function createPoller({ name, idleMs, work }: { name: string; idleMs: number; work: () => Promise<boolean> }): Poller {
  let stopped = false;
  let wakePending = false;
  let wakeUp: (() => void) | undefined;
  const sleep = () =>
    new Promise<void>((resolve) => {
      if (wakePending) return resolve();
      const timer = setTimeout(resolve, idleMs);
      timer.unref?.();
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopped && !isDraining()) {
      wakePending = false;
      let busy = false;
      try {
        busy = await work();
      } catch (error) {
        log.error(`${name} failed`, { error });
      }
      if (!busy && !stopped) await sleep();
      wakeUp = undefined;
    }
  })();
  const poller: Poller = {
    wake: () => {
      wakePending = true;
      wakeUp?.();
    },
    stop: async () => {
      stopped = true;
      wakeUp?.();
      await loop;
    },
  };
  live.add(poller);
  void loop.finally(() => live.delete(poller));
  return poller;
}
