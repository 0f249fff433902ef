import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole, requireSiteRole, systemAuthz } from "@/lib/auth/authz";
import { ALL_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { person, viewAs, world } from "@/lib/submissions/test-world";
import { insertAuditEvent, selectAuditEvents } from "./audit-log";
import { updateUserSiteRoles } from "./users";

const { handle } = withTestDatabase();

const req = new Headers({ "x-forwarded-for": "203.0.113.77", "user-agent": "Mozilla/5.0 (Test)" });

async function admin() {
  const p = await person("Ada Admin");
  await updateUserSiteRoles({ authz: systemAuthz("cli"), userId: p.user.id, roles: ["admin"] });
  return requireSiteRole({ session: (await resolveSessionToken(p.token, "cookie"))!, roles: ["admin"] });
}

describe("insertAuditEvent", () => {
  it("records real and effective user, the course, before/after and a privacy-preserving origin", async () => {
    const w = await world();
    await viewAs(w.teacher, w.alice);
    const authz = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session: (await resolveSessionToken(w.teacher.token, "cookie"))! });
    const event = await insertAuditEvent({
      authz,
      action: "view_as.start",
      subject: { type: "user", id: w.alice.user.id },
      before: null,
      after: { viewing: w.alice.user.id, apiToken: "lantern_secret" },
      req,
    });
    expect(event).toMatchObject({
      actorUserId: w.teacher.user.id,
      effectiveUserId: w.alice.user.id,
      actorVia: "session",
      courseId: w.course.id,
      ipPrefix: "203.0.113.0/24",
      after: { viewing: w.alice.user.id, apiToken: "[redacted]" },
    });
    expect(event.userAgentHash).toMatch(/^[\w-]{22}$/);
    expect(JSON.stringify(event)).not.toContain("203.0.113.77");
  });

  it("records background and command-line work as the system, and replaces huge states by a note", async () => {
    const event = await insertAuditEvent({
      authz: systemAuthz("cli"),
      action: "platform.create",
      subject: { type: "lti_platform", id: "p1" },
      after: { blob: "x".repeat(20_000) },
    });
    expect(event).toMatchObject({ actorUserId: null, actorVia: "cli", ipPrefix: null, after: { truncated: true } });
  });

  it("is append-only: the database refuses updates and deletes", async () => {
    const event = await insertAuditEvent({ authz: systemAuthz(), action: "test.thing", subject: { type: "thing" } });
    const db = handle().db;
    await expect(db.execute(sql`update audit_log set action = 'x' where id = ${event.id}`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_log where id = ${event.id}`)).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_log`)).rejects.toThrow();
  });
});

describe("selectAuditEvents", () => {
  it("filters by action prefix and free text, pages newest first with a stable cursor, and is admins-only", async () => {
    const authz = await admin();
    const target = await person("Rita Researcher");
    await updateUserSiteRoles({ authz, userId: target.user.id, roles: ["researcher"], req });
    for (let i = 0; i < 5; i++) {
      await insertAuditEvent({ authz, action: "platform.update", subject: { type: "lti_platform", id: `p${i}` }, after: { i } });
    }
    const roles = await selectAuditEvents({ authz, filter: { action: "user." } });
    expect(roles.items.map((e) => [e.action, e.subjectId, e.before, e.after])).toContainEqual([
      "user.roles_change",
      target.user.id,
      { siteRoles: [] },
      { siteRoles: ["researcher"] },
    ]);
    expect(roles.items.every((e) => e.action.startsWith("user."))).toBe(true);

    const byText = await selectAuditEvents({ authz, filter: { q: "ada admin", action: "platform.update" } });
    expect(byText.items).toHaveLength(5);
    expect(byText.items[0].actorName).toBe("Ada Admin");

    const first = await selectAuditEvents({ authz, filter: { action: "platform.update" }, limit: 2 });
    const second = await selectAuditEvents({ authz, filter: { action: "platform.update" }, limit: 2, cursor: first.nextCursor });
    const third = await selectAuditEvents({ authz, filter: { action: "platform.update" }, limit: 2, cursor: second.nextCursor });
    const paged = [...first.items, ...second.items, ...third.items].map((e) => e.id);
    const all = (await selectAuditEvents({ authz, filter: { action: "platform.update" } })).items;
    expect(paged).toEqual(all.map((e) => e.id));
    expect(new Set(all.map((e) => e.subjectId))).toEqual(new Set(["p0", "p1", "p2", "p3", "p4"]));
    expect(all.map((e) => e.occurredAt.getTime())).toEqual(all.map((e) => e.occurredAt.getTime()).sort((a, b) => b - a));
    expect(third.nextCursor).toBeNull();
    await expect(selectAuditEvents({ authz, cursor: "garbage" })).rejects.toMatchObject({ status: 400 });

    const researcher = await requireSiteRole({ session: (await resolveSessionToken(target.token, "cookie"))!, roles: ["researcher"] });
    expect((await selectAuditEvents({ authz: researcher })).items).toEqual([]);
  });

  it("records a role change only when the roles change", async () => {
    const authz = await admin();
    const target = await person("Nobody");
    await updateUserSiteRoles({ authz, userId: target.user.id, roles: [] });
    expect((await selectAuditEvents({ authz, filter: { subjectId: target.user.id } })).items).toEqual([]);
    await expect(updateUserSiteRoles({ authz, userId: "00000000-0000-0000-0000-000000000000", roles: [] })).rejects.toMatchObject({ status: 404 });
  });
});
