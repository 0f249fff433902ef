import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { systemAuthz } from "@/lib/auth/authz";
import { insertGradeOutboxRow, requeueOutboxRows, selectOutboxRow } from "@/lib/models/grade-outbox";
import { DELIVERY_LEASE_MS, deliverOutboxRow } from "./deliver";
import { MAX_ATTEMPTS } from "./retry-policy";
import { drainDueOutbox } from "./runner";
import { FakeAgs, linkedAssignment } from "./testing";

const { handle } = withTestDatabase();
const db = () => handle().db;
const grade = (submissionId: string, scoreGiven: number | null, changedAt = new Date()) =>
  insertGradeOutboxRow(db(), { submissionId, scoreGiven, scoreMaximum: 10, changedAt });
const row = (id: string) => selectOutboxRow(systemAuthz(), { outboxId: id });

describe("deliverOutboxRow", () => {
  it("posts the score to the launch's line item and records the delivery", async () => {
    const world = await linkedAssignment(db());
    const { submission, sub } = await world.student(1);
    const changedAt = new Date("2026-11-23T10:00:00.250Z");
    const outbox = await grade(submission.id, 8, changedAt);
    const ags = new FakeAgs();

    expect(await deliverOutboxRow(outbox.id, ags)).toEqual({ kind: "delivered", lmsCalls: 1, skippedUnchanged: false });
    expect(ags.calls).toEqual([
      {
        kind: "score",
        url: world.lineitem,
        payload: {
          userId: sub,
          scoreGiven: 8,
          scoreMaximum: 10,
          timestamp: "2026-11-23T10:00:00.250Z",
          activityProgress: "Completed",
          gradingProgress: "FullyGraded",
        },
      },
    ]);
    expect(await row(outbox.id)).toMatchObject({ status: "delivered", attempts: 1, lineItemUrl: world.lineitem, platformId: world.platform.id });
    // Idempotent by row: delivering it again does nothing.
    expect(await deliverOutboxRow(outbox.id, ags)).toEqual({ kind: "not_claimed" });
    expect(ags.calls).toHaveLength(1);
  });

  it("skips a score the LMS already has, but sends a changed one", async () => {
    const world = await linkedAssignment(db());
    const { submission } = await world.student(1);
    const ags = new FakeAgs();
    await deliverOutboxRow((await grade(submission.id, 8)).id, ags);
    const same = await grade(submission.id, 8);
    expect(await deliverOutboxRow(same.id, ags)).toEqual({ kind: "delivered", lmsCalls: 0, skippedUnchanged: true });
    const changed = await grade(submission.id, 9);
    expect(await deliverOutboxRow(changed.id, ags)).toMatchObject({ kind: "delivered", lmsCalls: 1 });
    expect(ags.calls.map((c) => c.payload?.scoreGiven)).toEqual([8, 9]);
  });

  it("honours Retry-After on 429 and retries only when due", async () => {
    const world = await linkedAssignment(db());
    const { submission } = await world.student(1);
    const ags = new FakeAgs();
    ags.faults.push({ status: 429, retryAfter: "30", message: "Too Many Requests" });
    const outbox = await grade(submission.id, 5);
    const t0 = new Date();
    expect(await deliverOutboxRow(outbox.id, ags, { now: t0 })).toMatchObject({ kind: "retry", delayMs: 30_000 });
    expect(await row(outbox.id)).toMatchObject({ status: "pending", lastHttpStatus: 429, statusReason: "Will retry: Too Many Requests" });
    expect(await deliverOutboxRow(outbox.id, ags, { now: new Date(t0.getTime() + 29_000) })).toEqual({ kind: "not_claimed" });
    expect(await deliverOutboxRow(outbox.id, ags, { now: new Date(t0.getTime() + 31_000) })).toMatchObject({ kind: "delivered" });
    expect(await row(outbox.id)).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("records the LMS's message for a 422 and does not retry it", async () => {
    const world = await linkedAssignment(db());
    const { submission } = await world.student(1);
    const ags = new FakeAgs();
    ags.faults.push({ status: 422, message: "User is not a student in this course" });
    const outbox = await grade(submission.id, 5);
    expect(await deliverOutboxRow(outbox.id, ags)).toEqual({ kind: "failed", lmsCalls: 1, reason: "User is not a student in this course" });
    expect(await row(outbox.id)).toMatchObject({ status: "failed", statusReason: "User is not a student in this course", lastHttpStatus: 422 });
    expect(await deliverOutboxRow(outbox.id, ags, { now: new Date(Date.now() + 86_400_000) })).toEqual({ kind: "not_claimed" });
    // Staff "retry failed" puts it back.
    expect(await requeueOutboxRows(systemAuthz(), { submissionIds: [submission.id], statuses: ["failed"] })).toHaveLength(1);
    expect(await deliverOutboxRow(outbox.id, ags)).toMatchObject({ kind: "delivered" });
  });

  it("gives up after the last attempt instead of retrying forever", async () => {
    const world = await linkedAssignment(db());
    const { submission } = await world.student(1);
    const ags = new FakeAgs();
    const outbox = await grade(submission.id, 5);
    let now = Date.now();
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      ags.faults.push({ status: 503, message: "Service Unavailable" });
      const result = await deliverOutboxRow(outbox.id, ags, { now: new Date(now), random: () => 0 });
      expect(result.kind).toBe(i < MAX_ATTEMPTS ? "retry" : "failed");
      now += 2 * 60 * 60 * 1000;
    }
    expect(await row(outbox.id)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
  });

  it("waits for a student who never launched, then delivers after the first launch", async () => {
    const world = await linkedAssignment(db());
    const { submission, user } = await world.student(1, { launched: false });
    const ags = new FakeAgs();
    const outbox = await grade(submission.id, 6);
    expect(await deliverOutboxRow(outbox.id, ags)).toEqual({ kind: "waiting", lmsCalls: 0, reason: "Waiting for the student's first launch from the LMS." });
    await world.launch(user.id, "late-sub");
    await requeueOutboxRows(systemAuthz(), { submissionIds: [submission.id], statuses: ["waiting"] });
    expect(await deliverOutboxRow(outbox.id, ags)).toMatchObject({ kind: "delivered" });
    expect(ags.calls[0].payload?.userId).toBe("late-sub");
  });

  it("finds or creates the line item when the link has none, and never creates a duplicate", async () => {
    const world = await linkedAssignment(db(), { lineItem: null });
    const ags = new FakeAgs();
    const a = await world.student(1);
    const b = await world.student(2);
    await deliverOutboxRow((await grade(a.submission.id, 7)).id, ags);
    await deliverOutboxRow((await grade(b.submission.id, 9)).id, ags);
    expect(ags.calls.map((c) => c.kind)).toEqual(["list", "create", "score", "score"]);
    expect(ags.lineItems).toHaveLength(1);
    expect(new Set(ags.calls.filter((c) => c.kind === "score").map((c) => c.url))).toEqual(new Set([ags.lineItems[0].id]));
  });

  it("supersedes an undelivered older grade of the same submission", async () => {
    const world = await linkedAssignment(db());
    const { submission } = await world.student(1);
    const older = await grade(submission.id, 3);
    const newer = await grade(submission.id, 4);
    expect((await row(older.id))?.status).toBe("superseded");
    expect((await row(newer.id))?.status).toBe("pending");
  });

  it("takes back a row whose worker crashed once its lease expires", async () => {
    const world = await linkedAssignment(db());
    const { submission } = await world.student(1);
    const outbox = await grade(submission.id, 2);
    const { claimOutboxRow } = await import("@/lib/models/grade-outbox");
    const t0 = new Date();
    expect(await claimOutboxRow(systemAuthz(), { outboxId: outbox.id, now: t0, leaseMs: DELIVERY_LEASE_MS })).not.toBeNull();
    // The worker dies here. Another one cannot take it during the lease, but can afterwards.
    const ags = new FakeAgs();
    expect(await deliverOutboxRow(outbox.id, ags, { now: new Date(t0.getTime() + 1_000) })).toEqual({ kind: "not_claimed" });
    expect(await deliverOutboxRow(outbox.id, ags, { now: new Date(t0.getTime() + DELIVERY_LEASE_MS + 1) })).toMatchObject({ kind: "delivered" });
  });
});

describe("drainDueOutbox", () => {
  it("lands every grade exactly once in the LMS's final state despite 1 in 5 calls failing", async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ags = new FakeAgs({ failEvery: 5, random });
    const world = await linkedAssignment(db());
    const expected = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const { submission, sub } = await world.student(i);
      const score = i % 11;
      await grade(submission.id, score === 0 ? 10 : score - 1, new Date(Date.now() - 1000));
      await grade(submission.id, score); // a regrade before delivery: only this one must land
      expected.set(sub, score);
    }
    let clock = Date.now();
    for (let pass = 0; pass < 40; pass++) {
      await drainDueOutbox(ags, { now: () => new Date(clock), random });
      clock += 10 * 60 * 1000;
    }
    // Other tests' leftover rows share this database; look at this assignment's line item only.
    const final = new Map(
      [...ags.gradebook.entries()].filter(([key]) => key.startsWith(`${world.lineitem} `)).map(([, p]) => [p.userId, p.scoreGiven]),
    );
    expect(final).toEqual(expected);
    const successfulPosts = ags.calls.filter((c) => c.kind === "score").length;
    expect(successfulPosts).toBeGreaterThanOrEqual(60);
  });
});

describe("work started outside a launch", () => {
  it("goes to the assignment's LMS link once the student has launched it, queued again by that launch", async () => {
    const world = await linkedAssignment(db());
    const { submission, user } = await world.student(1, { launched: false, viaLink: false });
    const ags = new FakeAgs();
    const outbox = await grade(submission.id, 7);
    expect(await deliverOutboxRow(outbox.id, ags)).toMatchObject({ kind: "waiting" });
    await world.launch(user.id, "sub-late");
    const { requeueWaitingForUser } = await import("@/lib/models/grade-outbox");
    expect(await requeueWaitingForUser(systemAuthz(), { userId: user.id })).toEqual([{ id: outbox.id, platformId: null }]);
    expect(await deliverOutboxRow(outbox.id, ags)).toMatchObject({ kind: "delivered" });
    expect(ags.calls[0]).toMatchObject({ url: world.lineitem, payload: { userId: "sub-late", scoreGiven: 7 } });
  });
});

describe("an older grade the LMS refuses with 409", () => {
  it("is recorded as replaced by the newer grade, not as a failure", async () => {
    const world = await linkedAssignment(db());
    const { submission } = await world.student(1);
    const ags = new FakeAgs();
    ags.faults.push({ status: 409, message: "409 Score timestamp is older than the current one" });
    const outbox = await grade(submission.id, 3);
    expect(await deliverOutboxRow(outbox.id, ags)).toMatchObject({ kind: "superseded", lmsCalls: 1 });
    expect(await row(outbox.id)).toMatchObject({ status: "superseded", lastHttpStatus: 409 });
  });
});

describe("forced resend", () => {
  it("sends even an unchanged score when staff ask to resend", async () => {
    const world = await linkedAssignment(db());
    const { submission } = await world.student(1);
    const ags = new FakeAgs();
    await deliverOutboxRow((await grade(submission.id, 8)).id, ags);
    const resend = await insertGradeOutboxRow(db(), { submissionId: submission.id, scoreGiven: 8, scoreMaximum: 10, changedAt: new Date(), force: true });
    expect(await deliverOutboxRow(resend.id, ags)).toEqual({ kind: "delivered", lmsCalls: 1, skippedUnchanged: false });
    expect(ags.calls).toHaveLength(2);
  });
});
