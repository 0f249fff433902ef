import { afterAll, describe, expect, it, vi } from "vitest";
import { GET as live } from "@/app/api/health/live/route";
import { GET as ready } from "@/app/api/health/ready/route";
import { withTestDatabase } from "@/db/testing/test-database";
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
});
