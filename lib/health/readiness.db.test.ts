import { afterAll, describe, expect, it, vi } from "vitest";
import { GET as live } from "@/app/api/health/live/route";
import { GET as ready } from "@/app/api/health/ready/route";
import { withTestDatabase } from "@/db/testing/test-database";
import { installSigtermDrain, isDraining, resetDrainForTests } from "@/lib/server/shutdown";
import { setStorageForTests } from "@/lib/storage";
import { startTestS3Server, testS3Storage } from "@/lib/storage/testing/s3-server";
import { withTestStorage } from "@/lib/storage/testing/test-storage";

// Public routes still look for a session; outside Next there is no request scope to read it from.
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined }) }));

withTestDatabase();
withTestStorage();

const get = (route: (req: Request) => Promise<Response>, path: string) => route(new Request(`http://localhost:3000${path}`));

describe("health endpoints for load balancers", () => {
  it("is live and ready on a migrated database with reachable storage", async () => {
    expect((await get(live, "/api/health/live")).status).toBe(200);
    const res = await get(ready, "/api/health/ready");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ready", checks: { db: "ok", migrations: "ok", storage: "ok" } });
  });

  const servers: { stop(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });

  it("is not ready (503, naming storage) when the bucket cannot be reached, yet still live", async () => {
    const gone = await startTestS3Server();
    servers.push(gone);
    const store = testS3Storage(gone);
    await gone.stop();
    setStorageForTests(store);
    const res = await get(ready, "/api/health/ready");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "unavailable", checks: { db: "ok", migrations: "ok", storage: "unreachable" }, error: { code: "not_ready" } });
    expect((await get(live, "/api/health/live")).status).toBe(200);
  });

  it("answers 503 draining after SIGTERM while the process still serves, then hands over to Next's shutdown", async () => {
    // Stand-in for the listener `next start` installs (server.close(), then exit 143); the real one is exercised
    // by the multi-instance test (e2e/cluster).
    const saved = process.listeners("SIGTERM");
    for (const l of saved) process.removeListener("SIGTERM", l);
    const nextShutdown = vi.fn();
    process.on("SIGTERM", nextShutdown);
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    // Background work in hand when SIGTERM comes (a runner's current row): Next's shutdown waits for it too.
    let finishBackground!: () => void;
    const stopBackground = vi.fn(() => new Promise<void>((resolve) => (finishBackground = resolve)));
    try {
      installSigtermDrain({ drainMs: 5000, stopBackground });
      expect(process.listeners("SIGTERM")).not.toContain(nextShutdown);
      process.emit("SIGTERM", "SIGTERM");
      expect(isDraining()).toBe(true);
      expect(stopBackground).toHaveBeenCalledTimes(1);
      const res = await get(ready, "/api/health/ready");
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: "draining", error: { code: "draining" } });
      // Still live (not to be restarted) and still serving during the drain; Next's shutdown has not started.
      expect((await get(live, "/api/health/live")).status).toBe(200);
      process.emit("SIGTERM", "SIGTERM");
      expect(nextShutdown).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(5000);
      expect(nextShutdown).not.toHaveBeenCalled();
      finishBackground();
      await vi.waitFor(() => expect(nextShutdown).toHaveBeenCalledTimes(1));
      expect(nextShutdown).toHaveBeenCalledWith("SIGTERM");
    } finally {
      vi.useRealTimers();
      process.removeAllListeners("SIGTERM");
      for (const l of saved) process.on("SIGTERM", l);
      resetDrainForTests();
    }
  });

  it("leaves SIGTERM alone when nothing else handles it (NEXT_MANUAL_SIG_HANDLE): no drain, no listener", () => {
    const saved = process.listeners("SIGTERM");
    process.removeAllListeners("SIGTERM");
    try {
      installSigtermDrain({ drainMs: 5000 });
      expect(process.listenerCount("SIGTERM")).toBe(0);
    } finally {
      for (const l of saved) process.on("SIGTERM", l);
      resetDrainForTests();
    }
  });
});
