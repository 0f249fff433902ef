import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { cleanupLti } from "@/inngest/lti";
import { createSession, resolveSessionToken } from "@/lib/auth/session";
import { insertLoginState, selectOptionalLoginStateWithPlatform } from "@/lib/models/lti-launches";
import { insertSession } from "@/lib/models/sessions";
import { eq, inArray } from "drizzle-orm";
import { rateLimits, users } from "@/db/schema";
import { consumeRateLimit, MAX_RATE_LIMIT_WINDOW_MS } from "@/lib/models/rate-limits";
import { cleanupLtiState } from "./cleanup";
import { getLtijs } from "./ltijs";
import { createTestPlatform } from "./testing/test-platform";

const { handle } = withTestDatabase();

describe("LTI cleanup job", () => {
  it("deletes expired logins and ltijs documents, and keeps live ones", async () => {
    const lms = await createTestPlatform({ issuer: "https://cleanup-lms.test" });
    const login = (stateHash: string, expiresAt: Date) =>
      insertLoginState({
        values: { stateHash, nonce: "n", bindingHash: "b", platformId: lms.platform.id, loginParams: {}, expiresAt },
      });
    await login("expired-state", new Date(Date.now() - 1000));
    await login("live-state", new Date(Date.now() + 60_000));
    const { plugin } = await getLtijs();
    await plugin.Insert(false, "nonce", { nonce: "old-nonce" });
    await plugin.setExpiry("nonce", { nonce: "old-nonce" }, new Date(Date.now() - 1000));
    await plugin.Insert(false, "nonce", { nonce: "fresh-nonce" });

    const removed = await cleanupLtiState();
    expect(removed.loginStates).toBe(1);
    expect(removed.ltijsDocuments).toBe(1);
    expect(await selectOptionalLoginStateWithPlatform({ stateHash: "live-state" })).not.toBeNull();
    expect(await plugin.Get(false, "nonce", { nonce: "fresh-nonce" })).not.toBe(false);
    expect(await cleanupLtiState()).toEqual({ loginStates: 0, deepLinkRequests: 0, ltijsDocuments: 0, lti11Nonces: 0, sessions: 0, rateLimits: 0 });
  });

  it("deletes expired sessions and keeps live ones", async () => {
    const [user] = await handle().db.insert(users).values({ name: "Session owner" }).returning();
    await insertSession({ tokenHash: "expired-session-hash", userId: user.id, kind: "lti", expiresAt: new Date(Date.now() - 1000) });
    const live = await createSession({ userId: user.id, kind: "lti" });
    const removed = await cleanupLtiState();
    expect(removed.sessions).toBe(1);
    expect(await resolveSessionToken(live.token, "cookie")).not.toBeNull();
  });

  it("deletes rate-limit counters whose window ended, and keeps current ones counting", async () => {
    await consumeRateLimit({ key: "cleanup:old", limit: 5, windowMs: 60_000 });
    await consumeRateLimit({ key: "cleanup:current", limit: 5, windowMs: 60_000 });
    await handle().db.update(rateLimits).set({ windowStart: new Date(Date.now() - MAX_RATE_LIMIT_WINDOW_MS - 1000) }).where(eq(rateLimits.key, "cleanup:old"));
    const removed = await cleanupLtiState();
    expect(removed.rateLimits).toBe(1);
    const left = await handle().db.select().from(rateLimits).where(inArray(rateLimits.key, ["cleanup:old", "cleanup:current"]));
    expect(left.map((r) => r.key)).toEqual(["cleanup:current"]);
    expect((await consumeRateLimit({ key: "cleanup:current", limit: 5, windowMs: 60_000 })).count).toBe(2);
  });

  it("runs hourly on Inngest as one step", async () => {
    const t = new InngestTestEngine({
      function: cleanupLti,
      events: [{ name: "inngest/scheduled.timer", data: {} }],
      steps: [{ id: "delete-expired-rows", handler: () => ({ loginStates: 2, deepLinkRequests: 0, ltijsDocuments: 5 }) }],
    });
    const { result } = await t.execute();
    expect(result).toEqual({ loginStates: 2, deepLinkRequests: 0, ltijsDocuments: 5 });
    const config = (cleanupLti as unknown as { opts: { triggers: { cron: string }[] } }).opts;
    expect(config.triggers).toEqual([{ cron: "17 * * * *" }]);
  });
});
