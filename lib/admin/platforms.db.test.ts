import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireSiteRole, systemAuthz, type SiteAuthz } from "@/lib/auth/authz";
import { resolveSessionToken } from "@/lib/auth/session";
import { HttpError } from "@/lib/errors";
import { createTestPlatform } from "@/lib/lti/testing/test-platform";
import { selectAuditEvents } from "@/lib/models/audit-log";
import { selectOptionalPlatformById } from "@/lib/models/lti-platforms";
import { selectPlatformOverview, selectPlatformOverviews } from "@/lib/models/platform-overview";
import { updateUserSiteRoles } from "@/lib/models/users";
import { person } from "@/lib/submissions/test-world";
import { createConsumerKey } from "./lti11-consumers";
import { editPlatform, registerPlatform, removePlatform, setPlatformActive } from "./platforms";

withTestDatabase();

async function admin(): Promise<SiteAuthz> {
  const p = await person("Ada Admin");
  await updateUserSiteRoles({ authz: systemAuthz("cli"), userId: p.user.id, roles: ["admin"] });
  return requireSiteRole({ session: (await resolveSessionToken(p.token, "cookie"))!, roles: ["admin"] });
}

const moodle = {
  issuer: "https://moodle.example.edu",
  clientId: "abc123",
  name: "Moodle",
  authLoginUrl: "https://moodle.example.edu/mod/lti/auth.php",
  authTokenUrl: "https://moodle.example.edu/mod/lti/token.php",
  jwksUrl: "https://moodle.example.edu/mod/lti/certs.php",
};

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe("platform administration", () => {
  it("registers a platform with its deployments, refuses a second registration of it, and audits both changes", async () => {
    const authz = await admin();
    const platform = await registerPlatform({ authz, values: moodle, deploymentIds: ["1", "2"] });
    const [overview] = (await selectPlatformOverviews({ authz })).filter((o) => o.platform.id === platform.id);
    expect(overview).toMatchObject({ deploymentIds: ["1", "2"], courseCount: 0, lastLaunchAt: null, platform: { active: true, registeredVia: "manual" } });

    const again = await failure(registerPlatform({ authz, values: { ...moodle, authLoginUrl: "https://evil.test/auth" }, deploymentIds: [] }));
    expect(again.status).toBe(400);
    expect(again.fieldErrors?.clientId?.[0]).toMatch(/already registered/);
    expect((await selectOptionalPlatformById({ platformId: platform.id }))?.authLoginUrl).toBe(moodle.authLoginUrl);

    const { items } = await selectAuditEvents({ authz, filter: { action: "platform." } });
    expect(items.filter((e) => e.subjectId === platform.id).map((e) => e.action).sort()).toEqual([
      "platform.create",
      "platform.deployment_add",
      "platform.deployment_add",
    ]);
  });

  it("edits endpoints without changing the platform's identity, and records before and after", async () => {
    const authz = await admin();
    const platform = await registerPlatform({ authz, values: { ...moodle, clientId: "edit-me" }, deploymentIds: [] });
    await editPlatform({ authz, platformId: platform.id, values: { ...moodle, name: "Moodle (new host)", jwksUrl: "https://moodle.example.edu/keys" } });
    const saved = await selectOptionalPlatformById({ platformId: platform.id });
    expect(saved).toMatchObject({ issuer: moodle.issuer, clientId: "edit-me", name: "Moodle (new host)", jwksUrl: "https://moodle.example.edu/keys" });
    const { items } = await selectAuditEvents({ authz, filter: { action: "platform.update" } });
    expect(items.find((e) => e.subjectId === platform.id)).toMatchObject({
      before: { jwksUrl: moodle.jwksUrl },
      after: { jwksUrl: "https://moodle.example.edu/keys", name: "Moodle (new host)" },
    });
  });

  it("lists only LTI 1.3 platforms (consumer keys have their own page), and a 1.1 row is not a platform page", async () => {
    const authz = await admin();
    const { consumer } = await createConsumerKey({ authz, consumerKey: "overview-key" });
    expect((await selectPlatformOverviews({ authz })).some((o) => o.platform.id === consumer.platformId)).toBe(false);
    expect((await failure(selectPlatformOverview({ authz, unsafePlatformId: consumer.platformId }))).status).toBe(404);
    expect((await failure(selectPlatformOverview({ authz, unsafePlatformId: "not-a-uuid" }))).status).toBe(404);
  });

  it("counts courses and the last launch, and refuses removal while a course depends on the platform", async () => {
    const authz = await admin();
    const lms = await createTestPlatform({ issuer: "https://used-lms.test" });
    expect((await lms.fullLaunch()).status).toBe(303);
    const overview = await selectPlatformOverview({ authz, unsafePlatformId: lms.platform.id });
    expect(overview.courseCount).toBe(1);
    expect(overview.lastLaunchAt).toBeInstanceOf(Date);

    const refused = await failure(removePlatform({ authz, platformId: lms.platform.id }));
    expect(refused.status).toBe(409);
    expect(refused.message).toMatch(/1 LMS course is linked to it, 1 LMS user has launched from it.*Deactivate it instead/);
    expect(await selectOptionalPlatformById({ platformId: lms.platform.id })).not.toBeNull();

    await setPlatformActive({ authz, platformId: lms.platform.id, active: false });
    expect((await selectPlatformOverview({ authz, unsafePlatformId: lms.platform.id })).platform.active).toBe(false);
    expect((await lms.fullLaunch()).status).not.toBe(303);
  });

  it("removes an unused platform with its deployments, audited", async () => {
    const authz = await admin();
    const platform = await registerPlatform({ authz, values: { ...moodle, clientId: "unused" }, deploymentIds: ["d1"] });
    await removePlatform({ authz, platformId: platform.id });
    expect(await selectOptionalPlatformById({ platformId: platform.id })).toBeNull();
    const { items } = await selectAuditEvents({ authz, filter: { action: "platform.remove" } });
    expect(items.find((e) => e.subjectId === platform.id)).toMatchObject({ before: { clientId: "unused" }, after: null });
  });

  it("refuses non-admins with a 404", async () => {
    const p = await person("Rita Researcher");
    await updateUserSiteRoles({ authz: systemAuthz("cli"), userId: p.user.id, roles: ["researcher"] });
    const researcher = await requireSiteRole({ session: (await resolveSessionToken(p.token, "cookie"))!, roles: ["researcher"] });
    expect((await failure(registerPlatform({ authz: researcher, values: { ...moodle, clientId: "nope" }, deploymentIds: [] }))).status).toBe(404);
    expect((await failure(selectPlatformOverviews({ authz: researcher }))).status).toBe(404);
  });
});
