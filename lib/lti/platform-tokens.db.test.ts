import { beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { env } from "@/lib/env";
import { selectOptionalOpenDeepLinkRequest } from "@/lib/models/lti-deep-links";
import { sha256 } from "./binding";
import { withoutNulls } from "./claims";
import {
  canvasAssignmentLaunch,
  canvasDeepLinkingRequest,
  moodleActivityLaunch,
  moodleDeepLinkingRequest,
} from "./testing/platform-tokens";
import { createTestPlatform, refusalReason, type TestPlatform } from "./testing/test-platform";

withTestDatabase();

type Shape = typeof canvasAssignmentLaunch;

/** Login through Lantern, then a launch signed with the platform's key carrying a real platform's claim set. */
async function launchWith(lms: TestPlatform, shape: Shape, edit: (payload: Record<string, unknown>) => void = () => {}) {
  const login = await lms.login();
  const payload = shape({
    issuer: lms.issuer,
    clientId: lms.clientId,
    deploymentId: lms.deploymentId,
    nonce: login.nonce,
    target: `${env().APP_URL}/lti/launch`,
  });
  edit(payload);
  return lms.launch({ id_token: await lms.sign(payload), state: login.state }, login.cookie);
}

async function expectLanded(response: Response, path: RegExp) {
  if (response.status !== 303) throw new Error(`refused: ${await refusalReason(response)}`);
  expect(new URL(response.headers.get("location")!).pathname).toMatch(path);
}

describe("Canvas id_tokens", () => {
  let lms: TestPlatform;
  beforeAll(async () => {
    lms = await createTestPlatform({
      issuer: "https://canvas.instructure.com",
      clientId: "10000000000042",
      deploymentId: "42:8865aa05b4b79b64a91a86042e43af5ea8ae79eb",
    });
  });

  it("accepts a graded-assignment launch (placement claim null, nulls inside resource_link, lis, custom)", async () => {
    await expectLanded(await launchWith(lms, canvasAssignmentLaunch), /^\/courses\/[^/]+(\/lms-links\/[^/]+)?$/);
  });

  it("accepts a Deep Linking request with accept_multiple null, and reads it as false", async () => {
    const response = await launchWith(lms, canvasDeepLinkingRequest);
    await expectLanded(response, /^\/lti\/deep-link\/[^/]+$/);
    const token = new URL(response.headers.get("location")!).pathname.split("/").pop()!;
    const request = await selectOptionalOpenDeepLinkRequest({ tokenHash: sha256(token) });
    expect(request).toMatchObject({
      acceptMultiple: false,
      returnUrl: "https://school.instructure.test/courses/1/deep_linking_response?modal=true",
    });
  });

  it("still refuses a required claim sent as null", async () => {
    const response = await launchWith(lms, canvasAssignmentLaunch, (p) => {
      p["https://purl.imsglobal.org/spec/lti/claim/context"] = null;
    });
    expect(await refusalReason(response)).toBe("claims_missing");
  });

  it("still refuses a required member of an optional claim sent as null", async () => {
    const response = await launchWith(lms, canvasAssignmentLaunch, (p) => {
      (p["https://purl.imsglobal.org/spec/lti/claim/context"] as Record<string, unknown>).id = null;
    });
    expect(await refusalReason(response)).toBe("claims_invalid");
  });
});

describe("Moodle id_tokens", () => {
  let lms: TestPlatform;
  beforeAll(async () => {
    lms = await createTestPlatform({ issuer: "https://moodle.test", clientId: "Qd9AbRBgMKzT3c1", deploymentId: "3" });
  });

  it("accepts an activity launch (empty strings, LTI 1.1 outcome claim, ext claim)", async () => {
    await expectLanded(await launchWith(lms, moodleActivityLaunch), /^\/courses\/[^/]+(\/lms-links\/[^/]+)?$/);
  });

  it("accepts a Deep Linking request", async () => {
    await expectLanded(await launchWith(lms, moodleDeepLinkingRequest), /^\/lti\/deep-link\/[^/]+$/);
  });
});

describe("withoutNulls", () => {
  it("drops null members at every depth and keeps array elements", () => {
    expect(withoutNulls({ a: null, b: { c: null, d: 1 }, e: [null, { f: null }], g: "" })).toEqual({ b: { d: 1 }, e: [null, {}], g: "" });
  });

  it("stops at a depth no claim set reaches", () => {
    let deep: unknown = { leaf: null };
    for (let i = 0; i < 1000; i++) deep = { deep };
    expect(() => withoutNulls(deep)).not.toThrow();
  });
});
