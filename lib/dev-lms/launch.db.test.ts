import { createLocalJWKSet, jwtVerify } from "jose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { POST as createLaunchRoute } from "@/app/dev/lms/api/launches/route";
import { GET as auth } from "@/app/dev/lms/auth/route";
import { POST as deepLinkReturn } from "@/app/dev/lms/deep-link-return/route";
import { selectDevLmsContextLineItems } from "@/lib/models/dev-lms-ags";
import { selectDevLmsResourceLinks } from "@/lib/models/dev-lms";
import { platformJwks } from "./keys";
import { ROLES } from "./people";
import { CLAIM } from "./scopes";
import { createTestTool, TEST_ORIGIN, TOOL_ORIGIN, testUrls, type TestTool } from "./testing";

vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined }) }));

withTestDatabase();

const host = new URL(TEST_ORIGIN).host;
let t: TestTool;
beforeAll(async () => {
  t = await createTestTool({ customParameters: { due: "$Canvas.assignment.dueAt.iso8601", course: "$Canvas.course.id", odd: "$Not.a.variable" } });
});

type Prepared = { launchId: string; launchUrl: string; initiation: { url: string; params: Record<string, string> } };

async function prepare(body: Record<string, unknown>): Promise<Prepared> {
  const res = await createLaunchRoute(
    new Request(`${TEST_ORIGIN}/dev/lms/api/launches`, { method: "POST", headers: { host, "content-type": "application/json" }, body: JSON.stringify({ clientId: t.tool.clientId, ...body }) }),
  );
  expect(res.status).toBe(201);
  return (await res.json()) as Prepared;
}

/** The tool's side of the login: the auth request built from the initiation parameters (what /lti/login does). */
function authRequest(p: Prepared, over: Record<string, string> = {}) {
  const url = new URL(testUrls.authorization);
  const params = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: t.tool.clientId,
    redirect_uri: `${TOOL_ORIGIN}/lti/launch`,
    login_hint: p.initiation.params.login_hint,
    lti_message_hint: p.initiation.params.lti_message_hint,
    state: "state-123",
    nonce: "nonce-456",
    ...over,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return new Request(url, { headers: { host, accept: "application/json" } });
}

async function launch(body: Record<string, unknown>) {
  const p = await prepare(body);
  const res = await auth(authRequest(p));
  const json = (await res.json()) as { action: string; fields: { id_token: string; state: string } };
  const { payload } = await jwtVerify(json.fields.id_token, createLocalJWKSet(await platformJwks()), {
    issuer: testUrls.issuer,
    audience: t.tool.clientId,
  });
  return { p, json, claims: payload as Record<string, unknown> };
}

describe("login initiation and OIDC auth endpoint", () => {
  it("initiates login with iss, login_hint, target_link_uri, lti_message_hint, client_id, deployment id (and storage target)", async () => {
    const p = await prepare({ person: "student", platformStorage: true });
    expect(p.initiation.url.startsWith(`${TOOL_ORIGIN}/lti/login?`)).toBe(true);
    expect(p.initiation.params).toMatchObject({
      iss: testUrls.issuer,
      login_hint: "dev-student",
      target_link_uri: `${TOOL_ORIGIN}/lti/launch`,
      client_id: t.tool.clientId,
      lti_deployment_id: t.tool.deploymentId,
      lti_storage_target: "dev_lms_storage",
    });
    expect(p.launchUrl).toBe(`${TEST_ORIGIN}/dev/lms/launch?launch=${p.launchId}`);
  });

  it("signs a resource link launch for a student with AGS, NRPS and Canvas-style custom claims", async () => {
    const { json, claims } = await launch({ person: "student", contextId: "launch-course" });
    expect(json.action).toBe(`${TOOL_ORIGIN}/lti/launch`);
    expect(json.fields.state).toBe("state-123");
    expect(claims).toMatchObject({
      sub: "dev-student",
      nonce: "nonce-456",
      name: "Grace Hopper",
      email: "grace.student@dev-lms.test",
      [CLAIM.messageType]: "LtiResourceLinkRequest",
      [CLAIM.version]: "1.3.0",
      [CLAIM.deploymentId]: t.tool.deploymentId,
      [CLAIM.roles]: [ROLES.learner, ROLES.student],
      [CLAIM.context]: { id: "launch-course" },
      [CLAIM.nrps]: { context_memberships_url: testUrls.memberships("launch-course"), service_versions: ["2.0"] },
    });
    const ags = claims[CLAIM.ags] as { lineitem: string; lineitems: string; scope: string[] };
    expect(ags.lineitems).toBe(testUrls.lineItems("launch-course"));
    expect(ags.lineitem.startsWith(`${testUrls.lineItems("launch-course")}/`)).toBe(true);
    expect(ags.scope).toContain("https://purl.imsglobal.org/spec/lti-ags/scope/score");
    const custom = claims[CLAIM.custom] as Record<string, string>;
    expect(custom.course).toBe("launch-course");
    expect(Date.parse(custom.due)).toBeGreaterThan(Date.now());
    expect(custom.odd).toBe("$Not.a.variable");
    expect((claims[CLAIM.resourceLink] as { id: string }).id).toBeTruthy();
  });

  it("launches the TA, the Canvas Test Student and a user without name or email", async () => {
    expect((await launch({ person: "ta" })).claims[CLAIM.roles]).toEqual([ROLES.instructor, ROLES.teachingAssistant]);
    const testStudent = (await launch({ person: "test-student" })).claims;
    expect(testStudent[CLAIM.roles]).toContain(ROLES.testUser);
    expect(testStudent.name).toBe("Test Student");
    const anonymous = (await launch({ person: "anonymous" })).claims;
    expect(anonymous.sub).toBe("dev-anonymous");
    expect(anonymous.name).toBeUndefined();
    expect(anonymous.email).toBeUndefined();
  });

  it("sends course navigation launches without a line item", async () => {
    const { claims } = await launch({ person: "instructor", kind: "course_navigation" });
    expect(claims[CLAIM.canvasPlacement]).toBe("course_navigation");
    expect((claims[CLAIM.resourceLink] as { id: string }).id).toMatch(/^nav-/);
    expect((claims[CLAIM.ags] as Record<string, unknown>).lineitem).toBeUndefined();
  });

  it("refuses a bad auth request: unregistered redirect_uri as a page, other errors posted back with state", async () => {
    const p = await prepare({ person: "student" });
    const evil = await auth(authRequest(p, { redirect_uri: "https://evil.example/launch" }));
    expect(evil.status).toBe(400);
    for (const [over, error] of [
      [{ response_mode: "fragment" }, "invalid_request"],
      [{ response_type: "code" }, "unsupported_response_type"],
      [{ scope: "profile" }, "invalid_scope"],
      [{ prompt: "login" }, "invalid_request"],
      [{ nonce: "" }, "invalid_request"],
      [{ login_hint: "dev-instructor" }, "login_required"],
      [{ lti_message_hint: "00000000-0000-0000-0000-000000000000" }, "invalid_request"],
    ] as const) {
      const res = await auth(authRequest(p, over));
      expect((await res.json()) as unknown).toMatchObject({ fields: { error, state: "state-123" } });
    }
    expect((await auth(authRequest(p))).status).toBe(200);
    const reused = (await (await auth(authRequest(p))).json()) as { fields: { error_description: string } };
    expect(reused.fields.error_description).toMatch(/already used/);
  });
});

describe("Deep Linking", () => {
  async function deepLink(contextId: string, options: Record<string, unknown> = {}) {
    const { p, claims } = await launch({ person: "instructor", kind: "deep_linking", contextId, ...options });
    const settings = claims[CLAIM.deepLinkingSettings] as { deep_link_return_url: string; data: string; accept_multiple: boolean };
    return { p, claims, settings };
  }

  async function respond(settings: { deep_link_return_url: string; data: string }, items: unknown[], over: Record<string, unknown> = {}) {
    const jwt = await t.sign({
      iss: t.tool.clientId,
      aud: testUrls.issuer,
      nonce: "dl-nonce",
      [CLAIM.messageType]: "LtiDeepLinkingResponse",
      [CLAIM.version]: "1.3.0",
      [CLAIM.deploymentId]: t.tool.deploymentId,
      [CLAIM.contentItems]: items,
      [CLAIM.dlData]: settings.data,
      ...over,
    });
    const res = await deepLinkReturn(
      new Request(settings.deep_link_return_url, {
        method: "POST",
        headers: { host, "content-type": "application/x-www-form-urlencoded", accept: "application/json", origin: TOOL_ORIGIN },
        body: new URLSearchParams({ JWT: jwt }).toString(),
      }),
    );
    return { status: res.status, body: (await res.json()) as { error?: string; created?: { lineItemId: string | null }[] } };
  }

  const item = { type: "ltiResourceLink", title: "Loops", url: `${TOOL_ORIGIN}/lti/launch?a=1`, lineItem: { scoreMaximum: 25, label: "Loops", resourceId: "assignment-1" }, submission: { endDateTime: "2026-12-01T23:59:00Z" } };

  it("sends the deep linking settings and turns a signed response into a resource link with a line item", async () => {
    const { claims, settings } = await deepLink("dl-course", { acceptMultiple: false });
    expect(claims[CLAIM.messageType]).toBe("LtiDeepLinkingRequest");
    expect(settings).toMatchObject({ accept_multiple: false, deep_link_return_url: expect.stringContaining("/dev/lms/deep-link-return?launch=") });
    const { status, body } = await respond(settings, [item]);
    expect(status).toBe(200);
    expect(body.created![0].lineItemId).toBeTruthy();
    const [link] = await selectDevLmsResourceLinks({ clientId: t.tool.clientId, contextId: "dl-course" });
    expect(link).toMatchObject({ title: "Loops", url: item.url, dueAt: new Date("2026-12-01T23:59:00Z") });
    const [lineItem] = await selectDevLmsContextLineItems({ contextId: "dl-course" });
    expect(lineItem).toMatchObject({ label: "Loops", scoreMaximum: 25, resourceId: "assignment-1", resourceLinkId: link.id });
    // A second response to the same request is refused.
    expect((await respond(settings, [item])).status).toBe(400);
  });

  it("refuses a response whose data was changed, that breaks accept_multiple, or is signed by someone else", async () => {
    const a = await deepLink("dl-2", { acceptMultiple: false });
    expect((await respond(a.settings, [item], { [CLAIM.dlData]: "tampered" })).body.error).toMatch(/data/);
    const b = await deepLink("dl-2", { acceptMultiple: false });
    expect((await respond(b.settings, [item, item])).body.error).toMatch(/accept_multiple/);
    const c = await deepLink("dl-2");
    expect((await respond(c.settings, [item], { aud: "https://other.example" })).body.error).toMatch(/refused/);
    const d = await deepLink("dl-2");
    expect((await respond(d.settings, [])).status).toBe(200);
  });
});
