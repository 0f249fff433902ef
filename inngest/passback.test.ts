import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { gradeChanged } from "./events";
import { deliverGrade, sweepGradeOutbox } from "./passback";

const outboxId = "7f1f0a86-6a55-4b3b-9a3c-1b7f3c6f0d11";
const event = { name: gradeChanged.name, data: { outboxId, platformId: "p1" } };

describe("deliver-grade", () => {
  it("sleeps as long as the retry policy says between attempts, then stops once delivered", async () => {
    const t = new InngestTestEngine({
      function: deliverGrade,
      events: [event],
      steps: [
        { id: "deliver-1", handler: () => ({ kind: "retry", lmsCalls: 1, delayMs: 30_000, reason: "429" }) },
        { id: "wait-1", handler: () => undefined },
        { id: "deliver-2", handler: () => ({ kind: "delivered", lmsCalls: 1, skippedUnchanged: false }) },
      ],
    });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ kind: "delivered", lmsCalls: 1, skippedUnchanged: false });
    expect(ctx.step.sleep).toHaveBeenCalledWith("wait-1", 30_000);
    expect(ctx.step.run).toHaveBeenCalledTimes(2);
  });

  it("ends at once for a final outcome (failed, waiting) without sleeping", async () => {
    const t = new InngestTestEngine({
      function: deliverGrade,
      events: [event],
      steps: [{ id: "deliver-1", handler: () => ({ kind: "failed", lmsCalls: 1, reason: "422 not enrolled" }) }],
    });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ kind: "failed", lmsCalls: 1, reason: "422 not enrolled" });
    expect(ctx.step.sleep).not.toHaveBeenCalled();
  });

  it("limits concurrency per LMS platform", () => {
    const config = (deliverGrade as unknown as { opts: { concurrency: { key: string; limit: number }[] } }).opts;
    expect(config.concurrency).toEqual([{ key: "event.data.platformId", limit: 4 }]);
  });
});

describe("sweep-grade-outbox", () => {
  it("re-sends an event for every due row", async () => {
    const t = new InngestTestEngine({
      function: sweepGradeOutbox,
      events: [{ name: "inngest/scheduled.timer", data: {} }],
      steps: [
        { id: "find-due-rows", handler: () => [{ id: outboxId, platformId: "p1" }, { id: "8f1f0a86-6a55-4b3b-9a3c-1b7f3c6f0d12", platformId: null }] },
        { id: "deliver-due-rows", handler: () => ({ ids: ["a", "b"] }) },
      ],
    });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ resent: 2 });
    const sent = (ctx.step.sendEvent as unknown as { mock: { calls: [string, { name: string; data: unknown }[]][] } }).mock.calls[0];
    expect(sent[0]).toBe("deliver-due-rows");
    expect(sent[1].map((e) => [e.name, e.data])).toEqual([
      ["lantern/grade.changed", { outboxId, platformId: "p1" }],
      ["lantern/grade.changed", { outboxId: "8f1f0a86-6a55-4b3b-9a3c-1b7f3c6f0d12", platformId: null }],
    ]);
  });
});
