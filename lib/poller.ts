import { log } from "./log";

export type Poller = { wake: () => void; stop: () => Promise<void> };

/**
 * A background loop for in-process work driven by durable rows: runs `work` until it reports nothing left, then
 * sleeps `idleMs` (or until woken). A wake that arrives while `work` runs is remembered, so none is lost.
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
    while (!stopped) {
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
  return {
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
}
