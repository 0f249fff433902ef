import { describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { db, schema } from "@/db";
import { withTestDatabase } from "@/db/testing/test-database";
import { selectCodingEvents } from "@/lib/models/coding-events";
import { selectOwnSubmission } from "@/lib/models/submissions";
import { resolveSessionToken } from "@/lib/auth/session";
import { call, SOLUTION, STARTER, viewAs, world } from "@/lib/submissions/test-world";
import * as ensureRoute from "@/app/api/submissions/route";
import * as workRoute from "@/app/api/submissions/[submissionId]/route";
import * as filesRoute from "@/app/api/submissions/[submissionId]/files/route";
import * as submitRoute from "@/app/api/submissions/[submissionId]/submit/route";
import * as eventsRoute from "@/app/api/submissions/[submissionId]/events/route";
import * as versionsRoute from "@/app/api/submissions/[submissionId]/versions/route";
import * as versionRoute from "@/app/api/submissions/[submissionId]/versions/[version]/route";

vi.mock("next/headers", () => {
  // Route handlers read the bearer token through next/headers; `call` (test-world) puts it here.
  const current = globalThis as unknown as { __lanternTestToken?: string };
  return {
    headers: async () => new Headers(current.__lanternTestToken ? { authorization: `Bearer ${current.__lanternTestToken}` } : {}),
    cookies: async () => ({ get: () => undefined }),
  };
});
vi.mock("@/lib/grading/runner", () => ({ wakeGradingRunner: () => {} }));
vi.mock("@/lib/grading/enqueue", () => ({ notifyGradingQueued: () => {} }));
withTestDatabase();

const main = (content: string) => [{ name: "main.py", content }];

async function started(w: Awaited<ReturnType<typeof world>>, who = w.alice) {
  const res = await call(who, ensureRoute.POST, { method: "POST", body: { courseId: w.course.id, assignmentId: w.assignment.id } });
  expect(res.status).toBe(200);
  return res.json.submissionId as string;
}

function event(type: string, extra: Record<string, unknown> = {}) {
  return { id: crypto.randomUUID(), sessionId: "s1", type, clientTimestamp: new Date().toISOString(), timezone: "Europe/Berlin", ...extra };
}

describe("student work endpoints", () => {
  it("creates one submission per student and assignment, autosaves versions and restores history", async () => {
    const w = await world();
    const id = await started(w);
    expect(await started(w)).toBe(id);
    const save1 = await call(w.alice, filesRoute.PUT, { method: "PUT", params: { submissionId: id }, body: { files: main(STARTER + "# 1") } });
    expect(save1).toMatchObject({ status: 200, json: { version: 1, unchanged: false } });
    const same = await call(w.alice, filesRoute.PUT, { method: "PUT", params: { submissionId: id }, body: { files: main(STARTER + "# 1") } });
    expect(same.json).toMatchObject({ version: 1, unchanged: true });
    await call(w.alice, filesRoute.PUT, { method: "PUT", params: { submissionId: id }, body: { files: main(STARTER + "# 2") } });
    const history = await call(w.alice, versionsRoute.GET, { params: { submissionId: id } });
    expect((history.json.versions as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);
    const old = await call(w.alice, versionRoute.GET, { params: { submissionId: id, version: "1" } });
    expect(old.json.files).toEqual(main(STARTER + "# 1"));
    const state = await call(w.alice, workRoute.GET, { params: { submissionId: id } });
    expect(state.json).toMatchObject({ status: "in_progress", version: 2, files: main(STARTER + "# 2") });
  });

  it("answers 404 for another user's submission and changes nothing", async () => {
    const w = await world();
    const id = await started(w);
    await call(w.alice, filesRoute.PUT, { method: "PUT", params: { submissionId: id }, body: { files: main("a = 1") } });
    for (const [fn, method, body] of [
      [workRoute.GET, "GET", undefined],
      [filesRoute.PUT, "PUT", { files: main("stolen") }],
      [submitRoute.POST, "POST", { files: main("stolen") }],
      [eventsRoute.POST, "POST", { events: [event("X-Focus")] }],
      [versionsRoute.GET, "GET", undefined],
    ] as const) {
      const res = await call(w.bob, fn as never, { method, params: { submissionId: id }, body });
      expect(res.status).toBe(404);
    }
    expect((await call(w.bob, workRoute.GET, { params: { submissionId: "not-a-uuid" } })).status).toBe(404);
    const state = await call(w.alice, workRoute.GET, { params: { submissionId: id } });
    expect(state.json).toMatchObject({ version: 1, files: main("a = 1"), attempts: 0 });
  });

  it("numbers concurrent autosaves in sequence, and code another student already saved is a new version too", async () => {
    const w = await world();
    const [a, b] = [await started(w), await started(w, w.bob)];
    const put = (who: typeof w.alice, id: string, code: string) => call(who, filesRoute.PUT, { method: "PUT", params: { submissionId: id }, body: { files: main(code) } });
    const saves = await Promise.all(["x = 1", "x = 2", "x = 3"].map((code) => put(w.alice, a, code)));
    expect(saves.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(saves.map((r) => r.json.version).sort()).toEqual([1, 2, 3]);
    // `call` holds one caller at a time, so the two students save one after the other: Bob's code state exists.
    const same = [await put(w.alice, a, "shared = True"), await put(w.bob, b, "shared = True")];
    expect(same.map((r) => [r.status, r.json.version, r.json.unchanged])).toEqual([[200, 4, false], [200, 1, false]]);
    const history = await call(w.alice, versionsRoute.GET, { params: { submissionId: a } });
    expect((history.json.versions as { version: number }[]).map((v) => v.version)).toEqual([4, 3, 2, 1]);
  });

  it("answers 404 once the student left the course, the assignment is unpublished or deleted, or the course deleted", async () => {
    const { assignments, courses, enrollments } = schema;
    const save = async (w: Awaited<ReturnType<typeof world>>, id: string) =>
      (await call(w.alice, filesRoute.PUT, { method: "PUT", params: { submissionId: id }, body: { files: main(`# ${Math.random()}`) } })).status;
    const cases: [string, (w: Awaited<ReturnType<typeof world>>) => Promise<unknown>][] = [
      ["left the course", (w) => db().update(enrollments).set({ status: "dropped" }).where(eq(enrollments.userId, w.alice.user.id))],
      ["unpublished", (w) => db().update(assignments).set({ publishedAt: null }).where(eq(assignments.id, w.assignment.id))],
      ["assignment deleted", (w) => db().update(assignments).set({ deletedAt: new Date() }).where(eq(assignments.id, w.assignment.id))],
      ["course deleted", (w) => db().update(courses).set({ deletedAt: new Date() }).where(eq(courses.id, w.course.id))],
    ];
    for (const [what, change] of cases) {
      const w = await world();
      const id = await started(w);
      expect(await save(w, id), what).toBe(200);
      await change(w);
      expect(await save(w, id), what).toBe(404);
      expect((await call(w.alice, workRoute.GET, { params: { submissionId: id } })).status, what).toBe(404);
      expect((await selectOwnSubmission({ session: (await resolveSessionToken(w.alice.token, "header"))!, unsafeSubmissionId: id })).currentVersion, what).toBe(1);
    }
  });

  it("refuses writes while staff view as the student, but lets them look", async () => {
    const w = await world();
    const id = await started(w);
    await viewAs(w.teacher, w.alice);
    expect((await call(w.teacher, workRoute.GET, { params: { submissionId: id } })).status).toBe(200);
    const res = await call(w.teacher, filesRoute.PUT, { method: "PUT", params: { submissionId: id }, body: { files: main("x") } });
    expect(res.status).toBe(403);
    expect((await call(w.teacher, eventsRoute.POST, { method: "POST", params: { submissionId: id }, body: { events: [event("X-Blur")] } })).status).toBe(403);
  });

  it("answers 413 for oversized code and batches and 400 for malformed JSON, changing nothing", async () => {
    const w = await world();
    const id = await started(w);
    const big = await call(w.alice, filesRoute.PUT, { method: "PUT", params: { submissionId: id }, body: { files: main("x".repeat(300_000)) } });
    expect(big.status).toBe(413);
    expect(big.json.error?.message).toMatch(/larger than/);
    const huge = await call(w.alice, filesRoute.PUT, { method: "PUT", params: { submissionId: id }, raw: JSON.stringify({ files: main("x".repeat(700_000)) }) });
    expect(huge.status).toBe(413);
    const bad = await call(w.alice, filesRoute.PUT, { method: "PUT", params: { submissionId: id }, raw: "{ files: nope" });
    expect(bad.status).toBe(400);
    const many = await call(w.alice, eventsRoute.POST, { method: "POST", params: { submissionId: id }, body: { events: Array.from({ length: 501 }, () => event("X-Focus")) } });
    expect(many.status).toBe(413);
    const invalid = await call(w.alice, eventsRoute.POST, { method: "POST", params: { submissionId: id }, body: { events: [{ ...event("Hack.Me") }] } });
    expect(invalid.status).toBe(400);
    const state = await call(w.alice, workRoute.GET, { params: { submissionId: id } });
    expect(state.json).toMatchObject({ version: 0, files: null });
    const session = await resolveSessionToken(w.alice.token, "header");
    expect(await selectCodingEvents({ submission: await selectOwnSubmission({ session: session!, unsafeSubmissionId: id }) })).toEqual([]);
  });

  it("stores events idempotently and code states once", async () => {
    const w = await world();
    const id = await started(w);
    const batch = [
      event("Session.Start"),
      event("File.Edit", { files: main(SOLUTION) }),
      event("X-Paste", { data: { size: 120 } }),
      event("File.Edit", { files: main(SOLUTION) }),
      event("Run.Program"),
    ];
    const first = await call(w.alice, eventsRoute.POST, { method: "POST", params: { submissionId: id }, body: { events: batch } });
    expect(first.json).toEqual({ stored: 5, duplicates: 0 });
    const retry = await call(w.alice, eventsRoute.POST, { method: "POST", params: { submissionId: id }, body: { events: batch } });
    expect(retry.json).toEqual({ stored: 0, duplicates: 5 });
    const session = await resolveSessionToken(w.alice.token, "header");
    const stored = await selectCodingEvents({ submission: await selectOwnSubmission({ session: session!, unsafeSubmissionId: id }) });
    expect(stored).toHaveLength(5);
    const hashes = stored.filter((e) => e.eventType === "File.Edit").map((e) => e.codeStateHash);
    expect(hashes[0]).toBeTruthy();
    expect(hashes[0]).toBe(hashes[1]);
    expect(stored.find((e) => e.eventType === "X-Paste")?.data).toEqual({ size: 120 });
    expect(stored[0].clientTimezone).toBe("Europe/Berlin");
  });

  it("refuses submitting after the lock date with a message but keeps the work", async () => {
    const w = await world({ lockAt: new Date(Date.now() - 60_000), dueAt: new Date(Date.now() - 120_000) });
    const id = await started(w);
    const res = await call(w.alice, submitRoute.POST, { method: "POST", params: { submissionId: id }, body: { files: main(SOLUTION) } });
    expect(res.status).toBe(409);
    expect(res.json.error?.message).toMatch(/closed .* Your work is saved/);
    const state = await call(w.alice, workRoute.GET, { params: { submissionId: id } });
    expect(state.json).toMatchObject({ files: main(SOLUTION), attempts: 0, status: "in_progress", locked: true });
  });

  it("queues one grading job when two tabs submit at once", async () => {
    const w = await world();
    const id = await started(w);
    const submit = () => call(w.alice, submitRoute.POST, { method: "POST", params: { submissionId: id }, body: { files: main(SOLUTION) } });
    const [a, b] = await Promise.all([submit(), submit()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const state = await call(w.alice, workRoute.GET, { params: { submissionId: id } });
    expect(state.json).toMatchObject({ status: "submitted", attempts: 1, grading: "queued" });
  });
});
