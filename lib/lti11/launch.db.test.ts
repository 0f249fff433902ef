import { createHmac } from "node:crypto";
import OAuth from "oauth-1.0a";
import { beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { setConsumerKeyActive } from "@/lib/admin/lti11-consumers";
import { systemAuthz } from "@/lib/auth/authz";
import { resolveSessionToken } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { handleLogin } from "@/lib/lti/login";
import { refusalReason } from "@/lib/lti/testing/test-platform";
import { insertAssignment } from "@/lib/models/assignments";
import { selectOptionalEnrollment } from "@/lib/models/enrollments";
import { selectLtiIdentities, updateResourceLinkAssignment } from "@/lib/models/lti-launches";
import { selectOptionalOutcomeTarget } from "@/lib/models/lti11-consumers";
import { handleLti11Launch } from "./launch";
import type { OAuthParam } from "./oauth1";
import { createTestConsumer, type TestConsumer } from "./testing/test-consumer";
import { TIMESTAMP_WINDOW_S } from "./verify";

withTestDatabase();

let lms: TestConsumer;
beforeAll(async () => {
  lms = await createTestConsumer({ key: "school-moodle" });
});

async function landed(response: Response) {
  expect(response.status, await response.clone().text()).toBe(303);
  const location = new URL(response.headers.get("location")!);
  const session = await resolveSessionToken(location.searchParams.get("lt")!, "header");
  expect(session).not.toBeNull();
  return { path: location.pathname, session: session!, courseId: location.pathname.split("/")[2] };
}

async function expectRefused(response: Response, reason: string) {
  expect(response.status).toBe(400);
  const html = await response.clone().text();
  expect(html).toContain("This launch could not be verified:");
  expect(await refusalReason(response)).toBe(reason);
}

const now = () => Math.floor(Date.now() / 1000);

describe("LTI 1.1 launch", () => {
  it("provisions the student, course and enrollment, keeps the outcome address, and opens a session", async () => {
    const { path, session, courseId } = await landed(
      await lms.launch(
        lms.params({
          lis_outcome_service_url: "https://lms.example/outcomes",
          lis_result_sourcedid: "sourced-1",
          ext_outcome_data_values_accepted: "text,url,lti_launch_url",
        }),
      ),
    );
    expect(path).toBe(`/courses/${courseId}`);
    expect(session.user).toMatchObject({ name: "Grace Hopper", email: "grace@example.edu", isTestUser: false });
    expect((await selectOptionalEnrollment({ courseId, userId: session.user.id }))?.role).toBe("student");
    const [identity] = await selectLtiIdentities({ userId: session.user.id });
    expect(identity.sub).toBe("u-1");
    expect(identity.platformId).toBe(lms.consumer.platformId);
  });

  it("accepts a launch signed by an independent OAuth 1.0a implementation (oauth-1.0a)", async () => {
    const oauth = new OAuth({
      consumer: { key: lms.consumerKey, secret: lms.secret },
      signature_method: "HMAC-SHA1",
      hash_function: (base, key) => createHmac("sha1", key).update(base).digest("base64"),
    });
    const data = Object.fromEntries(lms.params({ user_id: "u-independent" }));
    const signed = oauth.authorize({ url: lms.launchUrl, method: "POST", data: { ...data } });
    const body = new URLSearchParams({ ...data, ...(signed as unknown as Record<string, string>) });
    const response = await handleLti11Launch(
      new Request(lms.launchUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: body.toString() }),
    );
    expect((await landed(response)).session.user.name).toBe("Grace Hopper");
  });

  it("maps LIS role names and URNs to course roles", async () => {
    const role = async (roles: string, user: string) => {
      const { session, courseId } = await landed(await lms.launch(lms.params({ roles, user_id: user, resource_link_id: `rl-${user}` })));
      return (await selectOptionalEnrollment({ courseId, userId: session.user.id }))?.role;
    };
    expect(await role("urn:lti:role:ims/lis/Instructor", "r-inst")).toBe("instructor");
    expect(await role("Instructor", "r-inst2")).toBe("instructor");
    expect(await role("urn:lti:role:ims/lis/TeachingAssistant", "r-ta")).toBe("ta");
    expect(await role("urn:lti:role:ims/lis/Instructor/TeachingAssistant", "r-ta2")).toBe("ta");
    expect(await role("urn:lti:role:ims/lis/ContentDeveloper", "r-cd")).toBe("designer");
    expect(await role("urn:lti:instrole:ims/lis/administrator", "r-admin")).toBe("instructor");
    expect(await role("urn:lti:role:ims/lis/Learner/NonCreditLearner", "r-ncl")).toBe("student");
    expect(await role("urn:lti:role:ims/lis/Member", "r-member")).toBe("student");
  });

  it("marks the LMS's test student (TestUser role in ext_roles)", async () => {
    const { session } = await landed(
      await lms.launch(lms.params({ user_id: "canvas-test-student", ext_roles: "urn:lti:role:ims/lis/Learner,http://purl.imsglobal.org/vocab/lti/system/person#TestUser" })),
    );
    expect(session.user.isTestUser).toBe(true);
  });

  it("routes staff to connect an unlinked link, and everyone to a linked assignment, with Canvas's custom dates kept", async () => {
    const staff = await landed(await lms.launch(lms.params({ roles: "Instructor", user_id: "teacher-1", resource_link_id: "rl-connect" })));
    expect(staff.path).toMatch(new RegExp(`^/courses/${staff.courseId}/lms-links/[0-9a-f-]{36}$`));
    const assignment = await insertAssignment({ authz: systemAuthz(), courseId: staff.courseId, values: { title: "Loops", points: 10 } });
    const linkId = staff.path.split("/").pop()!;
    const authz = { kind: "course", role: "instructor", course: { id: staff.courseId } } as unknown as Parameters<typeof updateResourceLinkAssignment>[0]["authz"];
    expect(await updateResourceLinkAssignment({ authz, link: { id: linkId } as never, assignmentId: assignment.id })).toBe(true);
    const student = await landed(
      await lms.launch(
        lms.params({
          user_id: "u-dates",
          resource_link_id: "rl-connect",
          custom_due_at: "2030-01-01T10:00:00Z",
          lis_outcome_service_url: "https://lms.example/outcomes",
          lis_result_sourcedid: "sourced-dates",
        }),
      ),
    );
    expect(student.path).toBe(`/courses/${staff.courseId}/assignments/${assignment.id}`);
    expect(await selectOptionalOutcomeTarget({ resourceLinkRowId: linkId, userId: student.session.user.id })).toMatchObject({
      serviceUrl: "https://lms.example/outcomes",
      sourcedId: "sourced-dates",
    });
  });

  it("keeps repeated extension parameters in the signature", async () => {
    await landed(await lms.launch([...lms.params({ user_id: "u-ext" }), ["ext_tag", "b"], ["ext_tag", "a"]]));
  });
});

describe("LTI 1.1 launch refusals", () => {
  it("refuses a tampered parameter (oauth_bad_signature)", async () => {
    const tamper = (p: OAuthParam[]) => p.map(([k, v]) => [k, k === "roles" ? "Instructor" : v] as OAuthParam);
    await expectRefused(await lms.launch(lms.params(), { tamper }), "oauth_bad_signature");
  });

  it("refuses a launch signed with the wrong secret", async () => {
    await expectRefused(await lms.launch(lms.params(), { secret: `${lms.secret}x` }), "oauth_bad_signature");
  });

  it("refuses a replayed nonce, and the replay changes nothing", async () => {
    const nonce = "nonce-replay-1";
    await landed(await lms.launch(lms.params({ user_id: "u-replay" }), { nonce }));
    await expectRefused(await lms.launch(lms.params({ user_id: "u-replay" }), { nonce }), "oauth_nonce_reused");
  });

  it("does not burn a nonce on a forged request", async () => {
    const nonce = "nonce-forged-first";
    await expectRefused(await lms.launch(lms.params(), { nonce, secret: "guess" }), "oauth_bad_signature");
    await landed(await lms.launch(lms.params(), { nonce }));
  });

  it("refuses stale and future timestamps (±5 minutes)", async () => {
    await expectRefused(await lms.launch(lms.params(), { timestamp: now() - TIMESTAMP_WINDOW_S - 30 }), "oauth_timestamp_old");
    await expectRefused(await lms.launch(lms.params(), { timestamp: now() + TIMESTAMP_WINDOW_S + 30 }), "oauth_timestamp_future");
    await landed(await lms.launch(lms.params(), { timestamp: now() - TIMESTAMP_WINDOW_S + 30 }));
  });

  it("refuses an unknown consumer key", async () => {
    await expectRefused(await lms.launch(lms.params(), { key: "nobody" }), "consumer_unknown");
  });

  it("refuses a deactivated key, and accepts it again once reactivated", async () => {
    const other = await createTestConsumer({ key: "to-deactivate" });
    await setConsumerKeyActive({ authz: systemAuthz(), consumerKey: other.consumerKey, active: false });
    await expectRefused(await other.launch(), "consumer_inactive");
    await setConsumerKeyActive({ authz: systemAuthz(), consumerKey: other.consumerKey, active: true });
    await landed(await other.launch());
  });

  it("refuses repeated OAuth or LTI parameters", async () => {
    const twice = (name: string, value: string) => (p: OAuthParam[]) => [...p, [name, value] as OAuthParam];
    await expectRefused(await lms.launch(lms.params(), { tamper: twice("oauth_nonce", "other") }), "oauth_parameter_repeated");
    await expectRefused(await lms.launch([...lms.params(), ["user_id", "someone-else"]]), "oauth_parameter_repeated");
    // The same name in the query and the body is repeated too.
    const url = `${lms.launchUrl}?user_id=u-query`;
    await expectRefused(await lms.launch(lms.params(), { url, postUrl: url }), "oauth_parameter_repeated");
  });

  it("refuses a signature over a different URL (http, trailing slash, port, another path)", async () => {
    const https = new URL(lms.launchUrl);
    const variants = [
      lms.launchUrl.replace(/^https?:/, https.protocol === "https:" ? "http:" : "https:"),
      `${lms.launchUrl}/`,
      `${https.protocol}//${https.hostname}:8443${https.pathname}`,
      lms.launchUrl.replace("/lti/1.1/launch", "/lti/launch"),
    ];
    for (const url of variants) await expectRefused(await lms.launch(lms.params(), { url }), "oauth_bad_signature");
  });

  it("accepts a query string the consumer signed, as sent", async () => {
    const url = `${lms.launchUrl}?placement=course_navigation`;
    const { path, courseId } = await landed(await lms.launch(lms.params({ roles: "Instructor", user_id: "nav-1", resource_link_id: "nav" }), { url, postUrl: url }));
    expect(path).toBe(`/courses/${courseId}`);
  });

  it("refuses other message types, LTI versions, OAuth versions and signature methods", async () => {
    await expectRefused(await lms.launch(lms.params({ lti_message_type: "ContentItemSelectionRequest" })), "message_type_unsupported");
    await expectRefused(await lms.launch(lms.params({ lti_version: "LTI-2p0" })), "lti_version_unsupported");
    const set = (name: string, value: string) => (p: OAuthParam[]) => p.map(([k, v]) => [k, k === name ? value : v] as OAuthParam);
    await expectRefused(await lms.launch(lms.params(), { tamper: set("oauth_version", "2.0") }), "oauth_version_unsupported");
    await expectRefused(await lms.launch(lms.params(), { tamper: set("oauth_signature_method", "PLAINTEXT") }), "oauth_method_unsupported");
  });

  it("refuses launches without the user, course or link", async () => {
    await expectRefused(await lms.launch(lms.params({ user_id: undefined })), "claims_missing");
    await expectRefused(await lms.launch(lms.params({ context_id: undefined })), "claims_missing");
    await expectRefused(await lms.launch(lms.params({ lis_outcome_service_url: "javascript:alert(1)", lis_result_sourcedid: "x" })), "claims_invalid");
  });

  it("refuses a missing signature, a non-form body and a GET", async () => {
    const drop = (p: OAuthParam[]) => p.filter(([k]) => k !== "oauth_signature");
    await expectRefused(await lms.launch(lms.params(), { tamper: drop }), "malformed_request");
    const json = new Request(lms.launchUrl, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    await expectRefused(await handleLti11Launch(json), "malformed_request");
    await expectRefused(await handleLti11Launch(new Request(lms.launchUrl)), "malformed_request");
  });

  it("never lets a 1.3 login use a 1.1 consumer's registration", async () => {
    const q = new URLSearchParams({ iss: `lti11:${lms.consumerKey}`, client_id: lms.consumerKey, login_hint: "x", target_link_uri: `${env().APP_URL}/lti/launch` });
    expect(await refusalReason(await handleLogin(new Request(`${env().APP_URL}/lti/login?${q}`)))).toBe("unknown_platform");
  });
});
