import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "@/db";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole } from "@/lib/auth/authz";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { ensureEnrollment } from "@/lib/models/enrollments";
import { ensureLtiContext, ensureLtiUser, updateContextStaffLaunched } from "@/lib/models/lti-launches";
import { ensurePlatform } from "@/lib/models/lti-platforms";
import { selectCourseRoster } from "@/lib/models/roster";
import { selectRosterSync } from "@/lib/models/roster-syncs";
import { person } from "@/lib/submissions/test-world";
import { requestRosterSync, runRosterSync } from "./sync";

withTestDatabase();

const LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
const INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";

type Member = { user_id: string; roles: string[]; status?: string; name?: string; email?: string };

/** A fake LMS: a token endpoint and an NRPS container served `pageSize` members per page. */
function fakeLms(issuer: string, roster: () => Member[], pageSize = 3) {
  const calls: string[] = [];
  const fetcher = async (url: string) => {
    calls.push(url);
    if (url.endsWith("/token")) return Response.json({ access_token: "tok", token_type: "Bearer", expires_in: 3600 });
    const offset = Number(new URL(url).searchParams.get("offset") ?? 0);
    const members = roster().slice(offset, offset + pageSize);
    const more = offset + pageSize < roster().length;
    return Response.json(
      { id: url, context: { id: "ctx" }, members },
      more ? { headers: { link: `<${issuer}/m?offset=${offset + pageSize}>; rel="next"` } } : undefined,
    );
  };
  return { fetcher, calls };
}

async function setUp(name: string) {
  const issuer = `https://${name}.lms.test`;
  const platform = await ensurePlatform({
    values: { issuer, clientId: "c", name, authLoginUrl: `${issuer}/auth`, authTokenUrl: `${issuer}/token`, jwksUrl: `${issuer}/jwks`, registeredVia: "manual", active: true },
  });
  const context = await ensureLtiContext({ platformId: platform.id, contextId: `ctx-${name}`, title: name, nrpsUrl: `${issuer}/m` });
  const teacher = await person("Teacher");
  await ensureEnrollment({ courseId: context.courseId, userId: teacher.user.id, role: "instructor", source: "manual" });
  const authz = await requireCourseRole({ unsafeCourseId: context.courseId, roles: STAFF_ROLES, session: (await resolveSessionToken(teacher.token, "header"))! });
  return { platform, context, authz };
}

describe("roster sync (NRPS)", () => {
  it("is refused until staff launched from the LMS course, then reads every page and creates pending enrollments", async () => {
    const { platform, context, authz } = await setUp("pages");
    const roster: Member[] = [
      { user_id: "t1", roles: [INSTRUCTOR], name: "Ada Lovelace", email: "ada@x.test" },
      ...Array.from({ length: 7 }, (_, i) => ({ user_id: `s${i}`, roles: [LEARNER], name: `Student ${i}` })),
    ];
    const lms = fakeLms("https://pages.lms.test", () => roster);
    await expect(requestRosterSync({ authz })).rejects.toMatchObject({ status: 409 });
    expect(lms.calls).toEqual([]);

    await updateContextStaffLaunched({ context, at: new Date() });
    const [sync] = await requestRosterSync({ authz });
    const [again] = await requestRosterSync({ authz });
    expect(again.id).toBe(sync.id); // deduplicated while queued

    const result = await runRosterSync({ syncId: sync.id, fetch: lms.fetcher });
    expect(result).toMatchObject({ outcome: "done", stats: { pages: 3, members: 8, added: 8, dropped: 0 } });
    expect((await selectRosterSync({ authz, unsafeSyncId: sync.id })).status).toBe("done");
    const { entries, total } = await selectCourseRoster({ authz, filters: { neverLaunched: true, role: "student" } });
    expect(total).toBe(7);
    expect(entries.every((e) => e.lastLaunchAt === null && e.status === "active" && e.source === "roster")).toBe(true);

    // The first launch of a pending member finds the same user and enrollment.
    const pending = entries.find((e) => e.name === "Student 3")!;
    const launched = await ensureLtiUser({ platformId: platform.id, sub: "s3", isTestUser: false, courseId: context.courseId });
    expect(launched.user.id).toBe(pending.userId);
    expect(launched.enrollment).toMatchObject({ role: "student", status: "active", lastLaunchAt: null });
  });

  it("shows drops and inactive members without deleting them, keeps manual enrollments, and changes roles with the LMS", async () => {
    const { context, authz } = await setUp("drops");
    await updateContextStaffLaunched({ context, at: new Date() });
    let roster: Member[] = ["a", "b", "c", "d"].map((id) => ({ user_id: id, roles: [LEARNER], name: `Member ${id}` }));
    const lms = fakeLms("https://drops.lms.test", () => roster);
    const sync = async () => runRosterSync({ syncId: (await requestRosterSync({ authz }))[0].id, fetch: lms.fetcher });
    await sync();

    roster = [
      { user_id: "a", roles: [LEARNER], name: "Member a", status: "Inactive" },
      { user_id: "b", roles: [LEARNER], name: "Member b", status: "Deleted" },
      { user_id: "d", roles: [INSTRUCTOR], name: "Member d" },
    ];
    const second = await sync();
    expect(second).toMatchObject({ outcome: "done", stats: { members: 3, added: 0, dropped: 2 } });
    const byName = new Map((await selectCourseRoster({ authz, filters: {} })).entries.map((e) => [e.name, e]));
    expect(byName.get("Member a")?.status).toBe("inactive");
    expect(byName.get("Member b")?.status).toBe("dropped");
    expect(byName.get("Member c")?.status).toBe("dropped"); // no longer listed
    expect(byName.get("Member d")?.role).toBe("instructor");
    expect(byName.get("Teacher")).toMatchObject({ status: "active", role: "instructor", source: "manual" });

    // Back on the roster: active again.
    roster = [...roster, { user_id: "c", roles: [LEARNER], name: "Member c" }];
    await sync();
    const c = (await selectCourseRoster({ authz, filters: { search: "member c" } })).entries;
    expect(c).toMatchObject([{ name: "Member c", status: "active" }]);
  });

  it("records what the LMS refused and does not believe an empty roster", async () => {
    const { context, authz } = await setUp("refused");
    await updateContextStaffLaunched({ context, at: new Date() });
    const refuse = async (url: string) =>
      url.endsWith("/token") ? Response.json({ access_token: "t", token_type: "Bearer", expires_in: 60 }) : new Response("no", { status: 403 });
    const failed = await runRosterSync({ syncId: (await requestRosterSync({ authz }))[0].id, fetch: refuse });
    expect(failed).toMatchObject({ outcome: "failed", error: expect.stringContaining("Names and Role Provisioning") });

    let roster: Member[] = [{ user_id: "x", roles: [LEARNER], name: "X" }];
    const lms = fakeLms("https://refused.lms.test", () => roster);
    await runRosterSync({ syncId: (await requestRosterSync({ authz }))[0].id, fetch: lms.fetcher });
    roster = [];
    const empty = await runRosterSync({ syncId: (await requestRosterSync({ authz }))[0].id, fetch: lms.fetcher });
    expect(empty).toMatchObject({ outcome: "done", stats: { members: 0, dropped: 0 } });
    const rows = await db().select().from(schema.enrollments).where(eq(schema.enrollments.courseId, context.courseId));
    expect(rows.filter((r) => r.status === "active")).toHaveLength(2);
  });
});
