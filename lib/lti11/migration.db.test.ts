import { beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { systemAuthz } from "@/lib/auth/authz";
import { resolveSessionToken } from "@/lib/auth/session";
import { CLAIM } from "@/lib/lti/claims";
import { createTestPlatform, refusalReason, type TestPlatform } from "@/lib/lti/testing/test-platform";
import { insertAssignment } from "@/lib/models/assignments";
import { selectOptionalEnrollment } from "@/lib/models/enrollments";
import { selectLtiIdentities, updateResourceLinkAssignment } from "@/lib/models/lti-launches";
import { selectLti11CourseMoves } from "@/lib/models/lti11-migration";
import { consumerKeySign, consumerKeySignBase } from "./migration";
import { createTestConsumer, type TestConsumer } from "./testing/test-consumer";

withTestDatabase();

let lms11: TestConsumer;
let lms13: TestPlatform;
let courseId: string;
let studentId: string;
let assignmentId: string;

async function landed(response: Response) {
  expect(response.status, await response.clone().text()).toBe(303);
  const location = new URL(response.headers.get("location")!);
  const session = await resolveSessionToken(location.searchParams.get("lt")!, "header");
  return { path: location.pathname, user: session!.user, courseId: location.pathname.split("/")[2] };
}

/** A 1.3 launch whose lti1p1 claim is signed with `secret` over the token's own exp and nonce (or as given). */
async function launch13(overrides: Record<string, unknown>, migration: { userId?: string; key?: string; secret?: string; sign?: string; resourceLinkId?: string }) {
  const login = await lms13.login();
  const claims = lms13.claims(login.nonce, overrides);
  const key = migration.key ?? lms11.consumerKey;
  const base = consumerKeySignBase({
    consumerKey: key,
    deploymentId: lms13.deploymentId,
    issuer: lms13.issuer,
    clientId: lms13.clientId,
    exp: claims.exp as number,
    nonce: claims.nonce as string,
  });
  claims[CLAIM.lti1p1] = {
    user_id: migration.userId,
    oauth_consumer_key: key,
    oauth_consumer_key_sign: migration.sign ?? consumerKeySign(base, migration.secret ?? lms11.secret),
    ...(migration.resourceLinkId && { resource_link_id: migration.resourceLinkId }),
  };
  return lms13.launch({ id_token: await lms13.sign(claims), state: login.state }, login.cookie);
}

beforeAll(async () => {
  lms11 = await createTestConsumer({ key: "moving-school" });
  lms13 = await createTestPlatform({ issuer: "https://lms13.test", clientId: "c-13", deploymentId: "d-13" });
  // The 1.1 history: an instructor connects link rl-11 to an assignment, a student launches it.
  const staff = await landed(await lms11.launch(lms11.params({ roles: "Instructor", user_id: "t-11", context_id: "course-9", resource_link_id: "rl-11" })));
  courseId = staff.courseId;
  assignmentId = (await insertAssignment({ authz: systemAuthz(), courseId, values: { title: "Loops", points: 10 } })).id;
  const authz = { kind: "course", role: "instructor", course: { id: courseId } } as unknown as Parameters<typeof updateResourceLinkAssignment>[0]["authz"];
  await updateResourceLinkAssignment({ authz, link: { id: staff.path.split("/").pop()! } as never, assignmentId });
  const student = await landed(await lms11.launch(lms11.params({ user_id: "s-11", context_id: "course-9", resource_link_id: "rl-11" })));
  studentId = student.user.id;
  expect(student.path).toBe(`/courses/${courseId}/assignments/${assignmentId}`);
});

const context = { [CLAIM.context]: { id: "course-9", title: "Programming" } };

describe("LTI 1.1 → 1.3 migration claim", () => {
  it("computes the spec's oauth_consumer_key_sign example", () => {
    // https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim (also Canvas's and Tsugi's test vector).
    const base = consumerKeySignBase({ consumerKey: "179248902", deploymentId: "689302", issuer: "https://lmsvendor.com", clientId: "PM48OJSfGDTAzAo", exp: 1551290856, nonce: "172we8671fd8z" });
    expect(base).toBe("179248902&689302&https://lmsvendor.com&PM48OJSfGDTAzAo&1551290856&172we8671fd8z");
    expect(consumerKeySign(base, "my-lti11-secret")).toBe("lWd54kFo5qU7xshAna6v8BwoBm6tmUjc6GTax6+12ps=");
  });

  it("a signed 1.3 launch opens the 1.1 student's user, course and assignment: nothing duplicated", async () => {
    const moved = await landed(
      await launch13({ sub: "s-13", ...context, [CLAIM.resourceLink]: { id: "rl-13" } }, { userId: "s-11", resourceLinkId: "rl-11" }),
    );
    expect(moved.user.id).toBe(studentId);
    expect(moved.path).toBe(`/courses/${courseId}/assignments/${assignmentId}`);
    const identities = await selectLtiIdentities({ userId: studentId });
    expect(identities.map((i) => [i.platformId, i.sub]).sort()).toEqual(
      [
        [lms11.consumer.platformId, "s-11"],
        [lms13.platform.id, "s-13"],
      ].sort(),
    );
    expect((await selectOptionalEnrollment({ courseId, userId: studentId }))?.role).toBe("student");
    // The course now shows as launched over 1.3 on the move page.
    const moves = await selectLti11CourseMoves(systemAuthz());
    expect(moves.find((m) => m.courseId === courseId)).toMatchObject({ consumerKey: "moving-school", lti13Platforms: ["Test LMS"] });
  });

  it("the same resource link id without lti1p1.resource_link_id matches too, and relaunches stay on the same rows", async () => {
    const first = await landed(await launch13({ sub: "t-13", ...context, [CLAIM.resourceLink]: { id: "rl-11" }, [CLAIM.roles]: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"] }, { userId: "t-11" }));
    expect(first.courseId).toBe(courseId);
    expect(first.path).toBe(`/courses/${courseId}/assignments/${assignmentId}`);
    const again = await landed(await launch13({ sub: "t-13", ...context, [CLAIM.resourceLink]: { id: "rl-11" } }, { userId: "t-11" }));
    expect(again.user.id).toBe(first.user.id);
    expect(await selectLtiIdentities({ userId: first.user.id })).toHaveLength(2);
  });

  it("a user new to Lantern joins the migrated course", async () => {
    const fresh = await landed(await launch13({ sub: "s-new", ...context, [CLAIM.resourceLink]: { id: "rl-13" } }, { userId: "never-launched-11" }));
    expect(fresh.courseId).toBe(courseId);
    expect(fresh.user.id).not.toBe(studentId);
  });

  it("refuses a claim signed with another secret, or without a signature, and creates nothing", async () => {
    const wrong = await launch13({ sub: "s-forged", ...context }, { userId: "s-11", secret: "not-the-secret" });
    expect(wrong.status).toBe(400);
    expect(await refusalReason(wrong)).toBe("migration_sign_invalid");
    // A signature for another token (different nonce and exp) is refused as well: it is bound to this launch.
    const replayed = await launch13({ sub: "s-forged", ...context }, { userId: "s-11", sign: consumerKeySign("moving-school&d-13&https://lms13.test&c-13&1&n", lms11.secret) });
    expect(await refusalReason(replayed)).toBe("migration_sign_invalid");
    const login = await lms13.login();
    const claims = lms13.claims(login.nonce, { sub: "s-forged", ...context, [CLAIM.lti1p1]: { user_id: "s-11", oauth_consumer_key: lms11.consumerKey } });
    const unsigned = await lms13.launch({ id_token: await lms13.sign(claims), state: login.state }, login.cookie);
    expect(await refusalReason(unsigned)).toBe("migration_sign_invalid");
    // The refusals made no user for s-forged: a correctly signed launch now maps it onto the 1.1 student.
    const signed = await landed(await launch13({ sub: "s-forged", ...context }, { userId: "s-11" }));
    expect(signed.user.id).toBe(studentId);
  });

  it("an unknown consumer key matches nothing: the launch provisions as a new 1.3 user", async () => {
    const other = await landed(await launch13({ sub: "s-other", [CLAIM.context]: { id: "course-9" } }, { userId: "s-11", key: "someone-else", secret: "x" }));
    expect(other.user.id).not.toBe(studentId);
  });
});
