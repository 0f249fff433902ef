import { log } from "@/lib/log";

// On globalThis: instrumentation.ts and the route handlers are separate module graphs in a Next build, so a module
// variable set by one would not be seen by the other.
const state = globalThis as unknown as { __lanternDraining?: boolean; __lanternDrainInstalled?: boolean };

/** True once this process received SIGTERM: readiness answers 503 so load balancers stop sending it requests. */
export function isDraining(): boolean {
  return state.__lanternDraining === true;
}

/**
 * Makes SIGTERM a drain, as load balancers and orchestrators expect (Kubernetes "pod termination": endpoints are
 * removed while the pod keeps serving): readiness goes 503 at once while this process keeps serving everything for
 * `drainMs` — the time a load balancer needs to see the 503 (its check interval × unhealthy threshold) — and only
 * then runs Next's own SIGTERM handling, which stops accepting connections, lets in-flight requests finish and exits
 * with 143. Next's handler is moved rather than replaced, so its shutdown steps stay Next's. Without one (someone set
 * NEXT_MANUAL_SIG_HANDLE and handles signals themselves) nothing is changed. `stopBackground` starts at SIGTERM and
 * is awaited before Next's handler runs (the in-process runners: they finish what they hold and claim nothing new).
 */
export function installSigtermDrain({ drainMs, stopBackground }: { drainMs: number; stopBackground?: () => Promise<void> }): void {
  if (state.__lanternDrainInstalled) return;
  const nextHandlers = process.listeners("SIGTERM");
  if (nextHandlers.length === 0) return;
  state.__lanternDrainInstalled = true;
  for (const handler of nextHandlers) process.removeListener("SIGTERM", handler);
  process.on("SIGTERM", () => {
    // A repeated SIGTERM changes nothing; supervisors escalate with SIGKILL after their own timeout.
    if (state.__lanternDraining) return;
    state.__lanternDraining = true;
    log.info("SIGTERM: draining; readiness answers 503 until shutdown", { drainSeconds: drainMs / 1000 });
    const background = (stopBackground?.() ?? Promise.resolve()).catch((error: unknown) => log.error("stopping background work failed", { error }));
    const drained = new Promise((resolve) => setTimeout(resolve, drainMs));
    void Promise.all([background, drained]).then(() => {
      log.info("drain over: closing the server once in-flight requests finish");
      for (const handler of nextHandlers) handler("SIGTERM");
    });
  });
}

/** Test hook: forget the drain state. */
export function resetDrainForTests(): void {
  state.__lanternDraining = false;
  state.__lanternDrainInstalled = false;
}
