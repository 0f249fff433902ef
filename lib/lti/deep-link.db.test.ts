import { createLocalJWKSet, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { systemAuthz } from "@/lib/auth/authz";
import { resolveSessionToken, type Session } from "@/lib/auth/session";
import { HttpError } from "@/lib/errors";
import { insertAssignment } from "@/lib/models/assignments";
import { insertCourse, selectCoursesForUser } from "@/lib/models/courses";
import { CLAIM } from "./claims";
import { respondToDeepLink } from "./deep-link-picker";
import { createTestPlatform, type TestPlatform } from "./testing/test-platform";
import { toolJwks } from "./tool-keys";

withTestDatabase();

const INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
let lms: TestPlatform;
beforeAll(async () => {
  lms = await createTestPlatform();
});

/** A deep-linking launch by an instructor: the picker token, the session, and the course. */
async function startDeepLink(settings: Record<string, unknown> = {}, sub = "teacher-1") {
  const response = await lms.fullLaunch({
    sub,
    [CLAIM.roles]: [INSTRUCTOR],
    [CLAIM.messageType]: "LtiDeepLinkingRequest",
    [CLAIM.resourceLink]: undefined,
    [CLAIM.deepLinkingSettings]: {
      deep_link_return_url: "https://lms.test/dl-return",
      accept_types: ["ltiResourceLink"],
      data: "echo-me",
      ...settings,
    },
  });
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get("location")!);
  const session = (await resolveSessionToken(location.searchParams.get("lt")!, "header"))!;
  return { token: location.pathname.split("/")[3], session };
}

function form(entries: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

async function returnedJwt(response: Response) {
  const html = await response.text();
  expect(html).toContain('action="https://lms.test/dl-return"');
  const jwt = html.match(/name="JWT" value="([^"]+)"/)![1];
  const { payload } = await jwtVerify(jwt, createLocalJWKSet((await toolJwks()) as never), {
    issuer: lms.clientId,
    audience: lms.issuer,
  });
  return payload as Record<string, unknown>;
}

async function courseIdOf(session: Session) {
  // The deep-linking launch enrolled the instructor in the context's course.
  return (await selectCoursesForUser({ userId: session.user.id }))[0].course.id;
}

describe("deep-link picker", () => {
  it("links an existing assignment: ltiResourceLink + lineItem, data echoed", async () => {
    const { token, session } = await startDeepLink();
    const a = await insertAssignment({
      authz: systemAuthz(),
      courseId: await courseIdOf(session),
      values: { title: "Recursion", points: 20 },
    });
    const payload = await returnedJwt(
      await respondToDeepLink({ unsafeToken: token, session, form: form([["intent", "pick"], ["assignment", a.id]]) }),
    );
    expect(payload[CLAIM.dlData]).toBe("echo-me");
    expect(payload[CLAIM.dlContentItems]).toEqual([
      expect.objectContaining({ type: "ltiResourceLink", lineItem: { scoreMaximum: 20, label: "Recursion", resourceId: a.id } }),
    ]);
  });

  it("creates a new assignment and links it", async () => {
    const { token, session } = await startDeepLink();
    const payload = await returnedJwt(
      await respondToDeepLink({
        unsafeToken: token,
        session,
        form: form([["intent", "create"], ["title", "Strings"], ["points", "15"]]),
      }),
    );
    const [item] = payload[CLAIM.dlContentItems] as { title: string; lineItem: { scoreMaximum: number } }[];
    expect(item.title).toBe("Strings");
    expect(item.lineItem.scoreMaximum).toBe(15);
  });

  it("refuses points that are not a plain number (z.coerce.number made '0x10' 16 and '' 0), and the request stays open", async () => {
    const { token, session } = await startDeepLink();
    for (const points of ["0x10", "", "1e3"]) {
      await expect(
        respondToDeepLink({ unsafeToken: token, session, form: form([["intent", "create"], ["title", "Strings"], ["points", points]]) }),
      ).rejects.toMatchObject({ status: 400, fieldErrors: { points: [expect.stringMatching(/^Enter the points/)] } });
    }
    const payload = await returnedJwt(
      await respondToDeepLink({ unsafeToken: token, session, form: form([["intent", "create"], ["title", "Strings"], ["points", "2.5"]]) }),
    );
    expect((payload[CLAIM.dlContentItems] as { lineItem: { scoreMaximum: number } }[])[0].lineItem.scoreMaximum).toBe(2.5);
  });

  it("cancels with no content items and a msg, and no claim name with stray whitespace", async () => {
    const { token, session } = await startDeepLink();
    const payload = await returnedJwt(await respondToDeepLink({ unsafeToken: token, session, form: form([["intent", "cancel"]]) }));
    expect(payload[CLAIM.dlContentItems]).toEqual([]);
    expect(payload[CLAIM.dlMsg]).toBe("No content was added.");
    expect(payload[CLAIM.dlData]).toBe("echo-me");
    expect(Object.keys(payload).filter((k) => k !== k.trim())).toEqual([]);
  });

  it("answers a request once, and only for the instructor who started it", async () => {
    const { token, session } = await startDeepLink();
    const other = await startDeepLink({}, "teacher-2");
    await expect(
      respondToDeepLink({ unsafeToken: token, session: other.session, form: form([["intent", "cancel"]]) }),
    ).rejects.toMatchObject({ status: 404 });
    await respondToDeepLink({ unsafeToken: token, session, form: form([["intent", "cancel"]]) });
    await expect(respondToDeepLink({ unsafeToken: token, session, form: form([["intent", "cancel"]]) })).rejects.toBeInstanceOf(HttpError);
  });

  it("refuses an assignment from another course and an unknown intent", async () => {
    const { token, session } = await startDeepLink();
    const elsewhere = await insertAssignment({
      authz: systemAuthz(),
      courseId: (await insertCourse({ values: { title: "Other", code: null } })).id,
      values: { title: "Not yours" },
    });
    await expect(
      respondToDeepLink({ unsafeToken: token, session, form: form([["intent", "pick"], ["assignment", elsewhere.id]]) }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(respondToDeepLink({ unsafeToken: token, session, form: form([["intent", "delete"]]) })).rejects.toMatchObject({
      status: 400,
    });
  });
});
