import { beforeAll, describe, expect, it, vi } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { GET as memberships } from "@/app/dev/lms/api/contexts/[contextId]/memberships/route";
import { ensureDevLmsRosterChange } from "@/lib/models/dev-lms";
import { MEDIA } from "./ags";
import { MAX_PAGE_SIZE } from "./nrps";
import { roster } from "./people";
import { SCOPES } from "./scopes";
import { accessTokenFor, createTestTool, route, serviceRequest, testUrls } from "./testing";

vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined }) }));

withTestDatabase();

type Container = { id: string; context: { id: string }; members: { user_id: string; roles: string[]; status: string; name?: string; email?: string }[] };

let token: string;
beforeAll(async () => {
  token = await accessTokenFor(await createTestTool(), [SCOPES.membershipsReadonly]);
});

async function get(url: string, bearer = token) {
  const contextId = decodeURIComponent(new URL(url).pathname.split("/contexts/")[1].split("/")[0]);
  const res = await memberships(serviceRequest(url, { token: bearer }), route({ contextId }));
  return { res, body: res.status === 200 ? ((await res.json()) as Container) : null };
}

/** Every member over all pages (Link rel="next"). */
async function all(url: string) {
  const members: Container["members"] = [];
  for (let next: string | undefined = url; next; ) {
    const { res, body } = await get(next);
    members.push(...body!.members);
    next = res.headers.get("link")?.match(/<([^>]+)>;\s*rel="next"/)?.[1];
  }
  return members;
}

describe("NRPS memberships (NRPS 2.0 §2)", () => {
  it("pages through the whole roster with limit and Link rel=next", async () => {
    const ids: string[] = [];
    let next: string | undefined = `${testUrls.memberships("nrps-course")}?limit=7`;
    let pages = 0;
    while (next) {
      const { res, body } = await get(next);
      expect(res.headers.get("content-type")).toBe(MEDIA.membershipContainer);
      expect(body!.context.id).toBe("nrps-course");
      expect(body!.members.length).toBeLessThanOrEqual(7);
      ids.push(...body!.members.map((m) => m.user_id));
      next = res.headers.get("link")?.match(/<([^>]+)>;\s*rel="next"/)?.[1];
      pages++;
    }
    expect(ids).toEqual(roster().map((p) => p.userId));
    expect(pages).toBe(Math.ceil(roster().length / 7));
  });

  it("filters by role (full URI or short name) and leaves out what the LMS does not share", async () => {
    const byShort = await all(`${testUrls.memberships("nrps-course")}?role=Instructor`);
    expect(byShort.map((m) => m.user_id)).toEqual(["dev-instructor", "dev-ta"]);
    const byUri = await all(`${testUrls.memberships("nrps-course")}?role=${encodeURIComponent("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner")}`);
    expect(byUri.length).toBe(roster().filter((p) => p.roles.some((r) => r.endsWith("#Learner"))).length);
    const anonymous = byUri.find((m) => m.user_id === "dev-anonymous")!;
    expect(anonymous.name).toBeUndefined();
    expect(anonymous.email).toBeUndefined();
  });

  it("holds at most MAX_PAGE_SIZE members a page and applies the course's roster changes", async () => {
    const { body } = await get(`${testUrls.memberships("nrps-changes")}?limit=500`);
    expect(body!.members).toHaveLength(MAX_PAGE_SIZE);
    await ensureDevLmsRosterChange({ values: { contextId: "nrps-changes", userId: "dev-learner-01", status: "removed" } });
    await ensureDevLmsRosterChange({ values: { contextId: "nrps-changes", userId: "dev-learner-02", status: "Deleted" } });
    const members = await all(testUrls.memberships("nrps-changes"));
    expect(members.length).toBe(roster().length - 1);
    expect(members.find((m) => m.user_id === "dev-learner-01")).toBeUndefined();
    expect(members.find((m) => m.user_id === "dev-learner-02")).toMatchObject({ status: "Deleted" });
    expect((await all(testUrls.memberships("nrps-course"))).length).toBe(roster().length); // other courses unchanged
  });

  it("requires the memberships scope", async () => {
    const agsOnly = await accessTokenFor(await createTestTool(), [SCOPES.score]);
    expect((await get(testUrls.memberships("nrps-course"), agsOnly)).res.status).toBe(403);
    expect((await get(testUrls.memberships("nrps-course"), "nope")).res.status).toBe(401);
  });
});
