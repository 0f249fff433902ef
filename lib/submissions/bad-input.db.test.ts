import { describe, expect, it, vi } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { selectCodingEvents } from "@/lib/models/coding-events";
import { selectOwnSubmission } from "@/lib/models/submissions";
import { resolveSessionToken } from "@/lib/auth/session";
import { call, STARTER, world } from "@/lib/submissions/test-world";
import * as ensureRoute from "@/app/api/submissions/route";
import * as workRoute from "@/app/api/submissions/[submissionId]/route";
import * as filesRoute from "@/app/api/submissions/[submissionId]/files/route";
import * as submitRoute from "@/app/api/submissions/[submissionId]/submit/route";
import * as eventsRoute from "@/app/api/submissions/[submissionId]/events/route";
import * as versionRoute from "@/app/api/submissions/[submissionId]/versions/[version]/route";

vi.mock("next/headers", () => {
  const current = globalThis as unknown as { __lanternTestToken?: string };
  return {
    headers: async () => new Headers(current.__lanternTestToken ? { authorization: `Bearer ${current.__lanternTestToken}` } : {}),
    cookies: async () => ({ get: () => undefined }),
  };
});
vi.mock("@/lib/grading/runner", () => ({ wakeGradingRunner: () => {} }));
vi.mock("@/lib/grading/enqueue", () => ({ notifyGradingQueued: () => {} }));
withTestDatabase();

const main = (content: string, name = "main.py") => [{ name, content }];
const LONE_SURROGATE = "\uD83D"; // the first half of an emoji, as a broken paste leaves it
const event = (extra: Record<string, unknown> = {}) => ({
  id: crypto.randomUUID(),
  sessionId: "s1",
  type: "X-Focus",
  clientTimestamp: new Date().toISOString(),
  timezone: "Europe/Berlin",
  ...extra,
});

// PostgreSQL refuses NUL in text and jsonb, lone surrogates in jsonb, and years outside 1–9999 as Drizzle writes
// them: each of these once reached the database and came back as a 500.
describe("bad input from the editor is a 400 with a message and changes nothing", () => {
  it("refuses NUL bytes and lone surrogates in code and file names on autosave and submit", async () => {
    const w = await world();
    const started = await call(w.alice, ensureRoute.POST, { method: "POST", body: { courseId: w.course.id, assignmentId: w.assignment.id } });
    const id = started.json.submissionId as string;
    for (const files of [main(STARTER + "\0"), main(STARTER + LONE_SURROGATE), main("x = 1", "ma\0in.py"), main("x = 1", `data${LONE_SURROGATE}.csv`)]) {
      for (const [fn, method] of [
        [filesRoute.PUT, "PUT"],
        [submitRoute.POST, "POST"],
      ] as const) {
        const res = await call(w.alice, fn as never, { method, params: { submissionId: id }, body: { files } });
        expect(res.status, JSON.stringify(files)).toBe(400);
        expect(res.json.error?.message).toMatch(/main\.py|file name/);
      }
    }
    const nul = await call(w.alice, filesRoute.PUT, { method: "PUT", params: { submissionId: id }, body: { files: main("print(1)\0") } });
    expect(nul.json.error?.message).toMatch(/NUL character/);
    const half = await call(w.alice, filesRoute.PUT, { method: "PUT", params: { submissionId: id }, body: { files: main(`print("${LONE_SURROGATE}")`) } });
    expect(half.json.error?.message).toMatch(/broken character/);
    // An emoji that is whole is fine.
    const ok = await call(w.alice, filesRoute.PUT, { method: "PUT", params: { submissionId: id }, body: { files: main('print("🙂")') } });
    expect(ok.status).toBe(200);
    const state = await call(w.alice, workRoute.GET, { params: { submissionId: id } });
    expect(state.json).toMatchObject({ version: 1, attempts: 0, files: main('print("🙂")') });
  });

  it("refuses events with NUL bytes, lone surrogates or impossible timestamps", async () => {
    const w = await world();
    const started = await call(w.alice, ensureRoute.POST, { method: "POST", body: { courseId: w.course.id, assignmentId: w.assignment.id } });
    const id = started.json.submissionId as string;
    const bad = [
      event({ sessionId: "s\0" }),
      event({ timezone: `Europe/${LONE_SURROGATE}` }),
      event({ data: { note: "a\0b" } }),
      event({ data: { [`k${LONE_SURROGATE}`]: 1 } }),
      event({ type: "File.Edit", files: main("x\0") }),
      event({ clientTimestamp: "0000-01-01T00:00:00Z" }),
      event({ clientTimestamp: "9999-12-31T23:59:59-01:00" }),
    ];
    for (const e of bad) {
      const res = await call(w.alice, eventsRoute.POST, { method: "POST", params: { submissionId: id }, body: { events: [event(), e] } });
      expect(res.status, JSON.stringify(e)).toBe(400);
      expect(res.json.error?.message).toMatch(/NUL|broken character|year/);
    }
    const saved = await call(w.alice, filesRoute.PUT, {
      method: "PUT",
      params: { submissionId: id },
      body: { files: main("x = 1"), clientSavedAt: "0000-06-01T00:00:00Z" },
    });
    expect(saved.status).toBe(400);
    const session = await resolveSessionToken(w.alice.token, "header");
    expect(await selectCodingEvents({ submission: await selectOwnSubmission({ session: session!, unsafeSubmissionId: id }) })).toEqual([]);
  });

  it("answers a 4xx, not a 500, for version numbers beyond PostgreSQL's integer range", async () => {
    const w = await world();
    const started = await call(w.alice, ensureRoute.POST, { method: "POST", body: { courseId: w.course.id, assignmentId: w.assignment.id } });
    const id = started.json.submissionId as string;
    for (const version of ["2147483648", "99999999999999999999", "1e400", "0", "-1", "1.5", "abc"]) {
      const res = await call(w.alice, versionRoute.GET, { params: { submissionId: id, version } });
      expect([400, 404], version).toContain(res.status);
      expect(res.json.error?.message).toBeTruthy();
    }
    expect((await call(w.alice, versionRoute.GET, { params: { submissionId: id, version: "2147483647" } })).status).toBe(404);
  });
});
