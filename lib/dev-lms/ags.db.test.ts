import { beforeAll, describe, expect, it, vi } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { GET as getItems, POST as postItem } from "@/app/dev/lms/api/contexts/[contextId]/lineitems/route";
import { DELETE as deleteItem, GET as getItem, PUT as putItem } from "@/app/dev/lms/api/contexts/[contextId]/lineitems/[lineItemId]/route";
import { GET as getResults } from "@/app/dev/lms/api/contexts/[contextId]/lineitems/[lineItemId]/results/route";
import { POST as postScore } from "@/app/dev/lms/api/contexts/[contextId]/lineitems/[lineItemId]/scores/route";
import { ensureDevLmsSettings, selectDevLmsCalls } from "@/lib/models/dev-lms-ags";
import { MEDIA } from "./ags";
import { SUPPORTED_SCOPES } from "./scopes";
import { accessTokenFor, createTestTool, route, serviceRequest, testUrls, type TestTool } from "./testing";

vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined }) }));

withTestDatabase();

const ctx = "ags-course";
let t: TestTool;
let token: string;

beforeAll(async () => {
  t = await createTestTool();
  token = await accessTokenFor(t, SUPPORTED_SCOPES);
});

async function createItem(body: Record<string, unknown>, contextId = ctx) {
  const res = await postItem(
    serviceRequest(testUrls.lineItems(contextId), { method: "POST", token, contentType: MEDIA.lineItem, body }),
    route({ contextId }),
  );
  return { res, json: (await res.json()) as Record<string, unknown> };
}

function itemRoute(url: string) {
  const [, contextId, lineItemId] = new URL(url).pathname.match(/contexts\/([^/]+)\/lineitems\/([^/]+)/)!;
  return route({ contextId, lineItemId });
}

async function score(itemUrl: string, body: Record<string, unknown>, contentType: string = MEDIA.score) {
  const res = await postScore(serviceRequest(`${itemUrl}/scores`, { method: "POST", token, contentType, body }), itemRoute(itemUrl));
  return { status: res.status, json: (await res.json()) as { error?: { code: string; message: string } } };
}

const validScore = (over: Record<string, unknown> = {}) => ({
  userId: "dev-student",
  scoreGiven: 7,
  scoreMaximum: 10,
  activityProgress: "Completed",
  gradingProgress: "FullyGraded",
  timestamp: "2026-11-23T10:00:00.000Z",
  ...over,
});

describe("AGS line items", () => {
  it("creates, reads, updates and deletes a line item with the AGS media types", async () => {
    const { res, json } = await createItem({ label: "Lab 1", scoreMaximum: 20, resourceLinkId: "rl-1", tag: "lab" });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe(MEDIA.lineItem);
    expect(json).toMatchObject({ label: "Lab 1", scoreMaximum: 20, resourceLinkId: "rl-1", tag: "lab" });
    const url = String(json.id);
    expect(url.startsWith(testUrls.lineItems(ctx))).toBe(true);

    const got = await getItem(serviceRequest(url, { token }), itemRoute(url));
    expect(await got.json()).toEqual(json);
    const put = await putItem(
      serviceRequest(url, { method: "PUT", token, contentType: MEDIA.lineItem, body: { ...json, label: "Lab 1 (renamed)" } }),
      itemRoute(url),
    );
    expect(await put.json()).toMatchObject({ id: url, label: "Lab 1 (renamed)" });
    expect((await deleteItem(serviceRequest(url, { method: "DELETE", token }), itemRoute(url))).status).toBe(204);
    expect((await getItem(serviceRequest(url, { token }), itemRoute(url))).status).toBe(404);
  });

  it("pages the container with Link rel=next and filters by resource_link_id, resource_id and tag", async () => {
    const c = "paging-course";
    for (let i = 0; i < 5; i++) await createItem({ label: `Item ${i}`, scoreMaximum: 1, resourceId: i % 2 ? "odd" : "even", tag: `t${i}` }, c);
    await createItem({ label: "Linked", scoreMaximum: 1, resourceLinkId: "rl-x" }, c);
    const labels: string[] = [];
    let next: string | undefined = `${testUrls.lineItems(c)}?limit=2`;
    let pages = 0;
    while (next) {
      const res = await getItems(serviceRequest(next, { token }), route({ contextId: c }));
      expect(res.headers.get("content-type")).toBe(MEDIA.lineItemContainer);
      labels.push(...((await res.json()) as { label: string }[]).map((i) => i.label));
      next = res.headers.get("link")?.match(/<([^>]+)>;\s*rel="next"/)?.[1];
      pages++;
    }
    expect(pages).toBe(3);
    expect(labels).toEqual(["Item 0", "Item 1", "Item 2", "Item 3", "Item 4", "Linked"]);
    const filtered = async (q: string) =>
      ((await (await getItems(serviceRequest(`${testUrls.lineItems(c)}?${q}`, { token }), route({ contextId: c }))).json()) as { label: string }[]).map((i) => i.label);
    expect(await filtered("resource_id=odd")).toEqual(["Item 1", "Item 3"]);
    expect(await filtered("tag=t2")).toEqual(["Item 2"]);
    expect(await filtered("resource_link_id=rl-x")).toEqual(["Linked"]);
  });

  it("refuses a missing token (401), a token without the scope (403), another tool's item (404) and bad input (400/415)", async () => {
    const { json } = await createItem({ label: "Mine", scoreMaximum: 5 });
    const url = String(json.id);
    expect((await getItem(serviceRequest(url), itemRoute(url))).status).toBe(401);
    const scoreOnly = await accessTokenFor(t, ["https://purl.imsglobal.org/spec/lti-ags/scope/score"]);
    expect((await getItem(serviceRequest(url, { token: scoreOnly }), itemRoute(url))).status).toBe(403);
    const other = await createTestTool();
    const otherToken = await accessTokenFor(other, SUPPORTED_SCOPES);
    expect((await getItem(serviceRequest(url, { token: otherToken }), itemRoute(url))).status).toBe(404);
    expect((await createItem({ label: "", scoreMaximum: 5 })).res.status).toBe(400);
    expect((await createItem({ label: "Zero", scoreMaximum: 0 })).res.status).toBe(400);
    const wrongType = await postItem(
      serviceRequest(testUrls.lineItems(ctx), { method: "POST", token, contentType: "application/json", body: { label: "x", scoreMaximum: 1 } }),
      route({ contextId: ctx }),
    );
    expect(wrongType.status).toBe(415);
  });
});

describe("AGS scores and results", () => {
  it("validates scores per AGS §3.4", async () => {
    const url = String((await createItem({ label: "Validated", scoreMaximum: 10 })).json.id);
    expect((await score(url, validScore())).status).toBe(200);
    const refused: [Record<string, unknown>, number, RegExp][] = [
      [{ userId: undefined }, 400, /userId/],
      [{ userId: "not-in-course" }, 422, /not a member/],
      [{ scoreMaximum: undefined }, 400, /scoreMaximum/],
      [{ scoreGiven: -1 }, 400, /scoreGiven/],
      [{ scoreMaximum: 0 }, 400, /scoreMaximum/],
      [{ activityProgress: "Done" }, 400, /activityProgress/],
      [{ gradingProgress: "Graded" }, 400, /gradingProgress/],
      [{ timestamp: "2026-11-23 10:00" }, 400, /timestamp/],
      [{ timestamp: "2026-11-23T10:00:00" }, 400, /timestamp/],
      [{ timestamp: undefined }, 400, /timestamp/],
    ];
    for (const [over, status, message] of refused) {
      const r = await score(url, validScore({ ...over, timestamp: "timestamp" in over ? over.timestamp : "2026-11-23T11:00:00Z" }));
      expect({ over, status: r.status }).toEqual({ over, status });
      expect(r.json.error?.message).toMatch(message);
    }
    expect((await score(url, validScore({ timestamp: "2026-11-23T12:00:00Z" }), "application/json")).status).toBe(415);
    // A score without scoreGiven (e.g. "submitted, not graded yet") is valid.
    const pending = validScore({ scoreGiven: undefined, scoreMaximum: undefined, activityProgress: "Submitted", gradingProgress: "PendingManual", timestamp: "2026-11-23T12:30:00Z" });
    expect((await score(url, pending)).status).toBe(200);
  });

  it("keeps the latest score per user by timestamp and records every post", async () => {
    const url = String((await createItem({ label: "Latest wins", scoreMaximum: 10 })).json.id);
    expect((await score(url, validScore({ scoreGiven: 5, timestamp: "2026-11-23T10:00:00.000001Z" }))).status).toBe(200);
    expect((await score(url, validScore({ scoreGiven: 9, timestamp: "2026-11-23T10:00:00.000002Z" }))).status).toBe(200);
    // Older than the one on record: refused with 409 like Canvas, but still recorded.
    const stale = await score(url, validScore({ scoreGiven: 1, timestamp: "2026-11-23T09:00:00Z" }));
    expect(stale.status).toBe(409);
    // The same timestamp again (a retry) is accepted and changes nothing.
    expect((await score(url, validScore({ scoreGiven: 9, timestamp: "2026-11-23T10:00:00.000002Z" }))).status).toBe(200);
    expect((await score(url, validScore({ userId: "dev-learner-01", scoreGiven: 3, timestamp: "2026-11-23T08:00:00Z" }))).status).toBe(200);

    const res = await getResults(serviceRequest(`${url}/results`, { token }), itemRoute(url));
    expect(res.headers.get("content-type")).toBe(MEDIA.resultContainer);
    const results = (await res.json()) as { userId: string; resultScore: number; resultMaximum: number; scoreOf: string }[];
    expect(results.map((r) => [r.userId, r.resultScore])).toEqual([["dev-learner-01", 3], ["dev-student", 9]]);
    expect(results[0]).toMatchObject({ resultMaximum: 10, scoreOf: url });
    const one = await getResults(serviceRequest(`${url}/results?user_id=dev-student`, { token }), itemRoute(url));
    expect(((await one.json()) as unknown[]).length).toBe(1);
    const paged = await getResults(serviceRequest(`${url}/results?limit=1`, { token }), itemRoute(url));
    expect(paged.headers.get("link")).toMatch(/rel="next"/);

    const calls = (await selectDevLmsCalls({ contextId: ctx })).filter((c) => c.service === "ags.scores.post" && c.url.startsWith(url));
    expect(calls.map((c) => c.status)).toEqual([200, 200, 409, 200, 200]);
    expect(calls[0].requestBody).toMatchObject({ userId: "dev-student", scoreGiven: 5 });
  });
});

describe("AGS failure injection", () => {
  async function pattern(seed: number) {
    await ensureDevLmsSettings({ values: { failOneIn: 3, rateLimitOneIn: 4, lostResponseOneIn: 0, retryAfterSeconds: 7, seed } });
    const statuses: string[] = [];
    for (let i = 0; i < 24; i++) {
      const res = await getItems(serviceRequest(testUrls.lineItems("faults"), { token }), route({ contextId: "faults" }));
      statuses.push(res.status === 429 ? `429:${res.headers.get("retry-after")}` : String(res.status));
    }
    return statuses;
  }

  it("fails about 1 in N calls with 5xx and answers 429 with Retry-After, deterministically for a seed", async () => {
    const first = await pattern(42);
    expect(await pattern(42)).toEqual(first);
    expect(await pattern(43)).not.toEqual(first);
    expect(first.some((s) => s === "500" || s === "503")).toBe(true);
    expect(first).toContain("429:7");
    expect(first).toContain("200");
    const injected = (await selectDevLmsCalls({ contextId: "faults" })).filter((c) => c.injected);
    expect(injected.length).toBeGreaterThan(0);
    await ensureDevLmsSettings({ values: { failOneIn: 0, rateLimitOneIn: 0, lostResponseOneIn: 0, retryAfterSeconds: 1, seed: 1 } });
    for (let i = 0; i < 10; i++) {
      expect((await getItems(serviceRequest(testUrls.lineItems("faults"), { token }), route({ contextId: "faults" }))).status).toBe(200);
    }
  });

  it("loses write responses after applying them, so a retry with the same timestamp changes nothing", async () => {
    const url = String((await createItem({ label: "Lost responses", scoreMaximum: 10 })).json.id);
    await ensureDevLmsSettings({ values: { failOneIn: 0, rateLimitOneIn: 0, lostResponseOneIn: 2, retryAfterSeconds: 1, seed: 7 } });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const body = validScore({ userId: `dev-learner-${String(i + 1).padStart(2, "0")}`, scoreGiven: i % 10 });
      let status = (await score(url, body)).status;
      statuses.push(status);
      while (status === 502) status = (await score(url, body)).status; // the tool's retry
      expect(status).toBe(200);
    }
    await ensureDevLmsSettings({ values: { failOneIn: 0, rateLimitOneIn: 0, lostResponseOneIn: 0, retryAfterSeconds: 1, seed: 1 } });
    expect(statuses).toContain(502);
    const results = (await (await getResults(serviceRequest(`${url}/results`, { token }), itemRoute(url))).json()) as unknown[];
    expect(results).toHaveLength(12);
    const lost = (await selectDevLmsCalls({ contextId: ctx })).filter((c) => c.injected === "lost_response");
    expect(lost.length).toBeGreaterThanOrEqual(statuses.filter((s) => s === 502).length);
  });
});
