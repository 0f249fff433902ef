import { createLocalJWKSet, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { createConsumerKey } from "@/lib/admin/lti11-consumers";
import { systemAuthz } from "@/lib/auth/authz";
import { resolveSessionToken } from "@/lib/auth/session";
import { handleLti11Launch } from "@/lib/lti11/launch";
import { CLAIM } from "@/lib/lti/claims";
import { consumerKeySign, consumerKeySignBase } from "@/lib/lti11/migration";
import { signedAuthorizationHeader } from "@/lib/lti11/oauth1";
import { basicOutcomesClient } from "@/lib/lti11/outcomes-client";
import { canvasXml } from "@/lib/lti11/tool-config";
import { selectDevLmsResourceLink, selectDevLmsResourceLinks } from "@/lib/models/dev-lms";
import { ensureDevLmsSettings } from "@/lib/models/dev-lms-ags";
import { ensureDevLmsLti11Tool, selectDevLmsLti11Outcomes, updateDevLmsLti11OutcomeFailure, type DevLmsLti11Tool } from "@/lib/models/dev-lms-lti11";
import { selectLtiIdentities } from "@/lib/models/lti-launches";
import { authorize } from "./auth";
import { faultSettings } from "./faults";
import { platformJwks } from "./keys";
import { createLaunch } from "./launch";
import { parseLti11Config } from "./lti11-config";
import { createLti11Launch, lti11ClientId, signedLti11Launch, sourcedIdFor } from "./lti11-launch";
import { handleOutcomeRequest, resultsFromOutcomes } from "./lti11-outcomes";
import { createTestTool, testUrls } from "./testing";

withTestDatabase();

const LMS = "http://127.0.0.1:3999";
const SERVICE = `${LMS}/dev/lms/lti11/outcomes`;
let tool: DevLmsLti11Tool;
let platformId: string;

/** Lantern's Basic Outcomes client, its HTTP going straight into the dev LMS's route handler. */
const toDevLms: typeof fetch = async (url, init) => handleOutcomeRequest(new Request(String(url), init), String(url));
const outcomes = basicOutcomesClient(toDevLms);

/** A launch as the dev LMS signs it, posted to Lantern's /lti/1.1/launch. */
async function launchAs(person: string, kind: "resource_link" | "course_navigation" = "resource_link") {
  const launch = await createLti11Launch({ consumerKey: tool.consumerKey, person, kind, contextId: "dev11-course" });
  const link = launch.resourceLinkId ? await selectDevLmsResourceLink({ clientId: lti11ClientId(tool.consumerKey), unsafeResourceLinkId: launch.resourceLinkId }) : null;
  const form = signedLti11Launch({ launch, tool, link, lmsOrigin: LMS });
  const response = await handleLti11Launch(
    new Request(form.action, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form.fields.map(([k, v]) => [k, v])).toString() }),
  );
  expect(response.status, await response.clone().text()).toBe(303);
  const location = new URL(response.headers.get("location")!);
  const session = await resolveSessionToken(location.searchParams.get("lt")!, "header");
  return { path: location.pathname, user: session!.user, form, link };
}

beforeAll(async () => {
  const created = await createConsumerKey({ authz: systemAuthz(), consumerKey: "dev-lms-lti11" });
  platformId = created.consumer.platformId;
  // The dev LMS reads Lantern's own Canvas XML, as "Add App → By URL" would.
  tool = await ensureDevLmsLti11Tool({ values: { consumerKey: "dev-lms-lti11", secret: created.secret, configUrl: null, outcomeFailure: null, ...parseLti11Config(canvasXml()) } });
});

describe("dev LMS as an LTI 1.1 consumer", () => {
  it("reads the Canvas XML: launch URL, course navigation URL, custom fields, privacy", () => {
    expect(tool.launchUrl).toMatch(/\/lti\/1\.1\/launch$/);
    expect(tool.courseNavigationUrl).toBe(`${tool.launchUrl}?placement=course_navigation`);
    expect(tool.custom.due_at).toBe("$Canvas.assignment.dueAt.iso8601");
    expect(tool.privacyLevel).toBe("public");
    expect(() => parseLti11Config("<html></html>")).toThrow(/cartridge_basiclti_link/);
  });

  it("launches each persona with Lantern accepting the signature; students carry an outcome address", async () => {
    const student = await launchAs("student");
    expect(student.user.name).toBe("Grace Hopper");
    const fields = Object.fromEntries(student.form.fields);
    expect(fields.lis_outcome_service_url).toBe(SERVICE);
    expect(fields.custom_due_at).toBe(student.link!.dueAt!.toISOString());
    const [identity] = await selectLtiIdentities({ userId: student.user.id });
    expect(identity).toMatchObject({ platformId, sub: "dev-student" });
    const instructor = await launchAs("instructor");
    expect(instructor.path).toMatch(/\/lms-links\//);
    expect(Object.fromEntries(instructor.form.fields).lis_result_sourcedid).toBeUndefined();
    const nav = await launchAs("instructor", "course_navigation");
    expect(nav.path).toMatch(/^\/courses\/[0-9a-f-]{36}$/);
    expect((await launchAs("test-student")).user.isTestUser).toBe(true);
    expect((await launchAs("anonymous")).user.name).toBeNull();
  });

  it("records replaceResult, answers readResult, and clears on deleteResult; every call signed and body-hashed", async () => {
    const { form, link } = await launchAs("student");
    const sourcedId = Object.fromEntries(form.fields).lis_result_sourcedid;
    expect(sourcedId).toBe(sourcedIdFor(tool, link!.id, "dev-student"));
    const submittedAt = new Date(Date.now() - 60_000);
    const replaced = await outcomes.replaceResult({ platformId, serviceUrl: SERVICE, sourcedId, score: "0.7", canvas: { submittedAt, ltiLaunchUrl: "https://lantern.test/x" } });
    expect(replaced).toEqual({ ok: true, value: null });
    expect(await outcomes.readResult({ platformId, serviceUrl: SERVICE, sourcedId })).toEqual({ ok: true, value: 0.7 });
    const [cell] = resultsFromOutcomes(await selectDevLmsLti11Outcomes({ consumerKey: tool.consumerKey, sourcedId }));
    expect(cell).toMatchObject({ userId: "dev-student", score: "0.7", submittedAt: submittedAt.toISOString(), ltiLaunchUrl: "https://lantern.test/x" });

    const body = `<?xml version="1.0" encoding="UTF-8"?><imsx_POXEnvelopeRequest xmlns="http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0"><imsx_POXHeader><imsx_POXRequestHeaderInfo><imsx_version>V1.0</imsx_version><imsx_messageIdentifier>del-1</imsx_messageIdentifier></imsx_POXRequestHeaderInfo></imsx_POXHeader><imsx_POXBody><deleteResultRequest><resultRecord><sourcedGUID><sourcedId>${sourcedId}</sourcedId></sourcedGUID></resultRecord></deleteResultRequest></imsx_POXBody></imsx_POXEnvelopeRequest>`;
    const authorization = signedAuthorizationHeader({ method: "POST", url: SERVICE, consumerKey: tool.consumerKey, consumerSecret: tool.secret, body });
    const deleted = await toDevLms(SERVICE, { method: "POST", headers: { authorization, "content-type": "application/xml" }, body });
    expect(await deleted.text()).toContain("<imsx_codeMajor>success</imsx_codeMajor>");
    expect(await outcomes.readResult({ platformId, serviceUrl: SERVICE, sourcedId })).toEqual({ ok: true, value: null });
    // The same signed request again is a replay.
    const replay = await toDevLms(SERVICE, { method: "POST", headers: { authorization, "content-type": "application/xml" }, body });
    expect(await replay.text()).toContain("Nonce already used");
  });

  it("refuses bad scores, forged sourcedIds and wrong secrets with a failure description", async () => {
    const sourcedId = sourcedIdFor(tool, (await launchAs("student")).link!.id, "dev-student");
    expect(await outcomes.replaceResult({ platformId, serviceUrl: SERVICE, sourcedId, score: "1.5" })).toMatchObject({ ok: false, failure: { message: "Score is not between 0 and 1" } });
    const forged = sourcedIdFor({ ...tool, secret: "guess" }, "00000000-0000-0000-0000-000000000000", "dev-ta");
    expect(await outcomes.replaceResult({ platformId, serviceUrl: SERVICE, sourcedId: forged, score: "1" })).toMatchObject({ ok: false, failure: { message: "Invalid sourcedid" } });
    const wrongSecret = await ensureDevLmsLti11Tool({ values: { ...tool, secret: "rotated-in-the-lms" } });
    expect(await outcomes.readResult({ platformId, serviceUrl: SERVICE, sourcedId })).toMatchObject({ ok: false, failure: { message: "Message signature not valid" } });
    tool = await ensureDevLmsLti11Tool({ values: { ...wrongSecret, secret: tool.secret } });
  });

  it("injects failures: a refusal description for staff, and 5xx the outbox retries", async () => {
    const sourcedId = sourcedIdFor(tool, (await launchAs("student")).link!.id, "dev-student");
    await updateDevLmsLti11OutcomeFailure({ consumerKey: tool.consumerKey, outcomeFailure: "Enrollment is concluded" });
    expect(await outcomes.replaceResult({ platformId, serviceUrl: SERVICE, sourcedId, score: "0.5" })).toMatchObject({ ok: false, failure: { status: 200, message: "Enrollment is concluded" } });
    await updateDevLmsLti11OutcomeFailure({ consumerKey: tool.consumerKey, outcomeFailure: null });
    await ensureDevLmsSettings({ values: faultSettings.parse({ failOneIn: 1 }) });
    const failed = await outcomes.replaceResult({ platformId, serviceUrl: SERVICE, sourcedId, score: "0.5" });
    expect(failed.ok).toBe(false);
    expect(!failed.ok && [500, 503]).toContain(!failed.ok && failed.failure.status);
    await ensureDevLmsSettings({ values: faultSettings.parse({}) });
    expect(await outcomes.replaceResult({ platformId, serviceUrl: SERVICE, sourcedId, score: "0.5" })).toEqual({ ok: true, value: null });
  });

  it("a 1.3 launch asked to continue the 1.1 tool carries the lti1p1 claim, signed over its own exp and nonce", async () => {
    const t = await createTestTool();
    const { launch, tool: tool13 } = await createLaunch({ clientId: t.tool.clientId, person: "student", contextId: "dev11-course", lti11ConsumerKey: tool.consumerKey }, async () => []);
    const params = new URLSearchParams({
      scope: "openid",
      response_type: "id_token",
      response_mode: "form_post",
      prompt: "none",
      client_id: tool13.clientId,
      redirect_uri: tool13.redirectUris[0],
      login_hint: "dev-student",
      lti_message_hint: launch.id,
      state: "s-1",
      nonce: "n-migrate",
    });
    const result = await authorize(params, testUrls);
    expect(result.kind).toBe("id_token");
    if (result.kind !== "id_token") return;
    const { payload } = await jwtVerify(result.fields.id_token, createLocalJWKSet(await platformJwks()));
    const claim = payload[CLAIM.lti1p1] as Record<string, string>;
    const [link11] = await selectDevLmsResourceLinks({ clientId: lti11ClientId(tool.consumerKey), contextId: "dev11-course" });
    expect(claim).toMatchObject({ user_id: "dev-student", oauth_consumer_key: tool.consumerKey, resource_link_id: link11.id });
    const base = consumerKeySignBase({ consumerKey: tool.consumerKey, deploymentId: tool13.deploymentId, issuer: testUrls.issuer, clientId: tool13.clientId, exp: payload.exp!, nonce: "n-migrate" });
    expect(claim.oauth_consumer_key_sign).toBe(consumerKeySign(base, tool.secret));
    // Without the option, no claim.
    const plain = await createLaunch({ clientId: t.tool.clientId, person: "student", contextId: "dev11-course" }, async () => []);
    params.set("lti_message_hint", plain.launch.id);
    const other = await authorize(params, testUrls);
    expect(other.kind).toBe("id_token");
    expect(other.kind === "id_token" && CLAIM.lti1p1 in other.claims).toBe(false);
  });
});
