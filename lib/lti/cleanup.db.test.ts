import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { cleanupLti } from "@/inngest/lti";
import { insertLoginState, selectOptionalLoginStateWithPlatform } from "@/lib/models/lti-launches";
import { cleanupLtiState } from "./cleanup";
import { getLtijs } from "./ltijs";
import { createTestPlatform } from "./testing/test-platform";

withTestDatabase();

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
    expect(await cleanupLtiState()).toEqual({ loginStates: 0, deepLinkRequests: 0, ltijsDocuments: 0, lti11Nonces: 0 });
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
