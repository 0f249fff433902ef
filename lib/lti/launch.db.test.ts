import { createLocalJWKSet, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { systemAuthz } from "@/lib/auth/authz";
import { resolveSessionToken, SESSION_COOKIE } from "@/lib/auth/session";
import { insertAssignment } from "@/lib/models/assignments";
import { selectOptionalEnrollment } from "@/lib/models/enrollments";
import { selectOptionalOpenDeepLinkRequest } from "@/lib/models/lti-deep-links";
import {
  selectLtiIdentities,
  selectOptionalLtiContext,
  selectResourceLinksForAssignment,
  updateContextCourse,
} from "@/lib/models/lti-launches";
import { selectOptionalUser } from "@/lib/models/users";
import { sha256 } from "./binding";
import { CLAIM } from "./claims";
import { signDeepLinkResponse } from "./deep-linking";
import { ASSIGNMENT_CUSTOM_PARAM } from "./provision";
import { createTestPlatform, type TestPlatform } from "./testing/test-platform";
import { rotateToolKey, toolJwks } from "./tool-keys";

withTestDatabase();

const ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#";
let lms: TestPlatform;
beforeAll(async () => {
  lms = await createTestPlatform();
});

/** Follows a successful launch: where it lands and whose session the `lt` token carries. */
async function landed(response: Response) {
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get("location")!);
  const lt = location.searchParams.get("lt")!;
  const session = await resolveSessionToken(lt, "header");
  expect(session).not.toBeNull();
  const cookies = response.headers.getSetCookie();
  expect(cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/HttpOnly; Secure; SameSite=None; Partitioned/);
  const courseId = location.pathname.split("/")[2];
  return { path: location.pathname, session: session!, courseId };
}

describe("resource link launch", () => {
  it("provisions user, course and enrollment, and lands on the course without a linked assignment", async () => {
    const { path, session, courseId } = await landed(await lms.fullLaunch({
      [CLAIM.nrps]: { context_memberships_url: "https://lms.test/nrps/ctx-1", service_versions: ["2.0"] },
      [CLAIM.ags]: { scope: ["https://purl.imsglobal.org/spec/lti-ags/scope/score"], lineitems: "https://lms.test/ags/ctx-1/lineitems", lineitem: "https://lms.test/ags/ctx-1/lineitems/7" },
      [CLAIM.custom]: { due_at: "2026-12-01T23:59:00Z" },
    }));
    expect(path).toBe(`/courses/${courseId}`);
    expect(session.user.name).toBe("Ada Lovelace");
    expect(session.user.email).toBe("ada@example.edu");
    expect(session.user.isTestUser).toBe(false);
    expect((await selectOptionalEnrollment({ courseId, userId: session.user.id }))?.role).toBe("student");
    expect(await selectLtiIdentities({ userId: session.user.id })).toMatchObject([{ sub: "user-1", platformId: lms.platform.id }]);
  });

  it("lands on the assignment a deep-linked resource link names, and remembers the link", async () => {
    const first = await landed(await lms.fullLaunch({ sub: "teacher-1", [CLAIM.roles]: [`${ROLE}Instructor`] }));
    const assignment = await insertAssignment({
      authz: systemAuthz(),
      courseId: first.courseId,
      values: { title: "Loops", points: 10 },
    });
    const linked = await landed(await lms.fullLaunch({
      [CLAIM.resourceLink]: { id: "rl-loops" },
      [CLAIM.custom]: { [ASSIGNMENT_CUSTOM_PARAM]: assignment.id },
      [CLAIM.ags]: { scope: [], lineitem: "https://lms.test/ags/ctx-1/lineitems/9" },
    }));
    expect(linked.path).toBe(`/courses/${first.courseId}/assignments/${assignment.id}`);
    // The LMS may drop custom parameters later (course copy): the stored link still routes.
    const again = await landed(await lms.fullLaunch({ [CLAIM.resourceLink]: { id: "rl-loops" } }));
    expect(again.path).toBe(linked.path);
    const links = await selectResourceLinksForAssignment({ assignmentId: assignment.id });
    expect(links).toHaveLength(1);
    expect(links[0].context.nrpsUrl).toBe("https://lms.test/nrps/ctx-1"); // kept from the earlier launch
    expect(links[0].link.ags?.lineitem).toBe("https://lms.test/ags/ctx-1/lineitems/9");
  });

  it("ignores an assignment id from another course", async () => {
    const other = await landed(await lms.fullLaunch({ [CLAIM.context]: { id: "ctx-other", title: "Other" } }));
    const foreign = await insertAssignment({ authz: systemAuthz(), courseId: other.courseId, values: { title: "X" } });
    const r = await landed(await lms.fullLaunch({
      [CLAIM.resourceLink]: { id: "rl-foreign" },
      [CLAIM.custom]: { [ASSIGNMENT_CUSTOM_PARAM]: foreign.id },
    }));
    expect(r.path).toBe(`/courses/${r.courseId}`);
    expect(r.courseId).not.toBe(other.courseId);
  });

  it.each([
    [[`${ROLE}Instructor`], "instructor"],
    [["http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant", `${ROLE}Instructor`], "ta"],
    [[`${ROLE}ContentDeveloper`], "designer"],
    [[`${ROLE}Mentor`], "mentor"],
    [[`${ROLE}Administrator`], "instructor"],
    [["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"], "instructor"],
    [["Learner"], "student"],
    [["http://purl.imsglobal.org/vocab/lis/v2/membership#Member"], "student"],
  ])("maps roles %j to %s", async (roles, expected) => {
    const sub = `user-${expected}-${roles.length}-${Math.random()}`;
    const { session, courseId } = await landed(await lms.fullLaunch({ sub, [CLAIM.roles]: roles }));
    expect((await selectOptionalEnrollment({ courseId, userId: session.user.id }))?.role).toBe(expected);
  });

  it("follows a role change in the LMS on the next launch", async () => {
    const first = await landed(await lms.fullLaunch({ sub: "promoted", [CLAIM.roles]: [`${ROLE}Learner`] }));
    const again = await landed(await lms.fullLaunch({
      sub: "promoted",
      [CLAIM.roles]: ["http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"],
    }));
    expect(again.session.user.id).toBe(first.session.user.id);
    expect((await selectOptionalEnrollment({ courseId: again.courseId, userId: again.session.user.id }))?.role).toBe("ta");
  });

  it("lets several LMS contexts open one Lantern course", async () => {
    const fall = await landed(await lms.fullLaunch({ [CLAIM.context]: { id: "ctx-fall", title: "CS1 Fall" } }));
    const spring = await landed(await lms.fullLaunch({ [CLAIM.context]: { id: "ctx-spring", title: "CS1 Spring" } }));
    expect(spring.courseId).not.toBe(fall.courseId);
    const context = await selectOptionalLtiContext({ platformId: lms.platform.id, contextId: "ctx-spring" });
    await updateContextCourse({ contextRowId: context!.id, courseId: fall.courseId });
    const again = await landed(await lms.fullLaunch({ [CLAIM.context]: { id: "ctx-spring", title: "CS1 Spring" } }));
    expect(again.courseId).toBe(fall.courseId);
  });

  it("marks the Canvas Test Student", async () => {
    const { session } = await landed(await lms.fullLaunch({
      sub: "test-student",
      name: "Test Student",
      [CLAIM.roles]: [`${ROLE}Learner`, "http://purl.imsglobal.org/vocab/lti/system/person#TestUser"],
    }));
    expect(session.user.isTestUser).toBe(true);
  });

  it("accepts a user with no name or email, and keeps known ones when the LMS stops sharing them", async () => {
    const anon = await landed(await lms.fullLaunch({ sub: "anon-1", name: undefined, email: undefined }));
    expect(anon.session.user.name).toBeNull();
    const before = await landed(await lms.fullLaunch({ sub: "user-1" }));
    await landed(await lms.fullLaunch({ sub: "user-1", name: undefined, email: undefined }));
    expect((await selectOptionalUser({ userId: before.session.user.id }))?.email).toBe("ada@example.edu");
  });

  it("routes the course navigation placement to the course dashboard", async () => {
    const r = await landed(await lms.fullLaunch({
      [CLAIM.resourceLink]: { id: "course-nav-ctx-1" },
      [CLAIM.targetLinkUri]: "http://localhost:3000/lti/launch?placement=course_navigation",
    }));
    expect(r.path).toBe(`/courses/${r.courseId}`);
  });
});

describe("platform keys", () => {
  it("caches the platform keyset and refetches once for an unknown kid (rotation)", async () => {
    const fresh = await createTestPlatform({ issuer: "https://rotating.test", clientId: "rot" });
    await landed(await fresh.fullLaunch());
    await landed(await fresh.fullLaunch());
    expect(fresh.jwksFetches()).toBe(1);
    await fresh.rotate("platform-key-2");
    await landed(await fresh.fullLaunch());
    expect(fresh.jwksFetches()).toBe(2);
    lms = await createTestPlatform();
  });

  it("rotates the tool key and keeps the previous one published", async () => {
    const before = (await toolJwks()).keys.map((k) => k.kid);
    const { kid } = await rotateToolKey();
    const after = (await toolJwks()).keys.map((k) => k.kid);
    expect(after).toContain(kid);
    for (const old of before) expect(after).toContain(old);
  });
});

describe("platform storage (third-party cookies blocked)", () => {
  it("puts the binding in platform storage at login and accepts it back at launch", async () => {
    const l = await lms.login({ lti_storage_target: "post_message_forwarding" });
    const loginHtml = await l.response.text();
    expect(loginHtml).toContain("lti.put_data");
    const binding = JSON.parse(loginHtml.match(/var c=(\{.*?\});/)![1].replace(/\\u0026/g, "&")).value as string;
    const token = await lms.sign(lms.claims(l.nonce));
    const page = await lms.launch({ id_token: token, state: l.state }); // no cookie
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("lti.get_data");
    await landed(await lms.launch({ id_token: token, state: l.state, lti_storage_binding: binding }));
  });
});

describe("deep linking", () => {
  const settings = {
    deep_link_return_url: "https://lms.test/deep-link-return",
    accept_types: ["ltiResourceLink"],
    accept_multiple: false,
    data: "opaque-platform-data",
  };

  async function deepLinkRequest(extra: Record<string, unknown> = {}) {
    const response = await lms.fullLaunch({
      sub: "teacher-1",
      [CLAIM.roles]: [`${ROLE}Instructor`],
      [CLAIM.messageType]: "LtiDeepLinkingRequest",
      [CLAIM.resourceLink]: undefined,
      [CLAIM.deepLinkingSettings]: { ...settings, ...extra },
    });
    const { path } = await landed(response);
    expect(path).toMatch(/^\/lti\/deep-link\/[A-Za-z0-9_-]+$/);
    const token = path.split("/")[3];
    const request = await selectOptionalOpenDeepLinkRequest({ tokenHash: sha256(token) });
    expect(request).not.toBeNull();
    return request!;
  }

  async function verifyResponse(jwt: string) {
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(await toolJwks() as never), {
      issuer: lms.clientId,
      audience: lms.issuer,
    });
    expect(protectedHeader.alg).toBe("RS256");
    return payload as Record<string, unknown>;
  }

  it("lands staff on the picker and signs an ltiResourceLink with a lineItem, echoing data", async () => {
    const request = await deepLinkRequest();
    const payload = await verifyResponse(
      await signDeepLinkResponse(request, [
        { id: "a1", title: "Loops", points: 10 },
        { id: "a2", title: "Functions", points: 5 },
      ]),
    );
    expect(payload[CLAIM.messageType]).toBe("LtiDeepLinkingResponse");
    expect(payload[CLAIM.version]).toBe("1.3.0");
    expect(payload[CLAIM.deploymentId]).toBe(lms.deploymentId);
    expect(payload[CLAIM.dlData]).toBe("opaque-platform-data");
    const items = payload[CLAIM.dlContentItems] as Record<string, unknown>[];
    expect(items).toHaveLength(1); // accept_multiple false
    expect(items[0]).toMatchObject({
      type: "ltiResourceLink",
      title: "Loops",
      url: "http://localhost:3000/lti/launch",
      custom: { [ASSIGNMENT_CUSTOM_PARAM]: "a1" },
      lineItem: { scoreMaximum: 10, label: "Loops", resourceId: "a1" },
    });
  });

  it("returns several items when accept_multiple is true", async () => {
    const request = await deepLinkRequest({ accept_multiple: true });
    const payload = await verifyResponse(
      await signDeepLinkResponse(request, [
        { id: "a1", title: "Loops", points: 10 },
        { id: "a2", title: "Functions", points: 5 },
      ]),
    );
    expect(payload[CLAIM.dlContentItems]).toHaveLength(2);
  });

  it("sends no items when the platform does not accept ltiResourceLink", async () => {
    const request = await deepLinkRequest({ accept_types: ["link", "file"], accept_multiple: true });
    const payload = await verifyResponse(await signDeepLinkResponse(request, [{ id: "a1", title: "Loops", points: 10 }]));
    expect(payload[CLAIM.dlContentItems]).toEqual([]);
  });

  it("answers a cancel with no items and a msg, and no claim name with stray whitespace", async () => {
    const request = await deepLinkRequest({ data: undefined });
    const payload = await verifyResponse(await signDeepLinkResponse(request, [], { message: "No content was added." }));
    expect(payload[CLAIM.dlContentItems]).toEqual([]);
    expect(payload[CLAIM.dlMsg]).toBe("No content was added.");
    // ltijs 5.9.9 names its error-message claim "…/errormsg " (trailing space); Lantern never sends it.
    expect(Object.keys(payload).filter((k) => k !== k.trim())).toEqual([]);
    expect(payload[CLAIM.dlErrorMsg]).toBeUndefined();
    expect(payload[CLAIM.dlData]).toBeUndefined();
  });

  it("signs with the current tool key, for a short time (posted at once)", async () => {
    const request = await deepLinkRequest();
    const { kid } = await rotateToolKey();
    const jwt = await signDeepLinkResponse(request, [{ id: "a1", title: "Loops", points: 10 }]);
    const { protectedHeader } = await jwtVerify(jwt, createLocalJWKSet((await toolJwks()) as never));
    expect(protectedHeader.kid).toBe(kid);
    const payload = await verifyResponse(jwt);
    expect(Number(payload.exp) - Number(payload.iat)).toBe(60);
    expect(payload.nonce).toEqual(expect.any(String));
  });
});
