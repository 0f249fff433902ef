import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { listConsumerKeys, setConsumerKeyActive } from "@/lib/admin/lti11-consumers";
import { systemAuthz } from "@/lib/auth/authz";
import { selectLmsOrigins } from "@/lib/models/frame-origins";
import { selectOptionalConsumerByKey } from "@/lib/models/lti11-consumers";
import { frameOrigins, installFrameOriginsLoader } from "@/lib/security-headers/frame-origins";
import type { OAuthParam } from "./oauth1";
import { MAX_LAUNCH_ORIGINS } from "./launch-origins";
import { createTestConsumer, type TestConsumer } from "./testing/test-consumer";

withTestDatabase();

let lms: TestConsumer;
beforeAll(async () => {
  lms = await createTestConsumer({ key: "origins-moodle" });
});

const holder = globalThis as { __lanternFrameOrigins?: unknown };
afterEach(() => {
  holder.__lanternFrameOrigins = undefined;
});

async function launched(response: Response) {
  expect(response.status, await response.clone().text()).toBe(303);
}

const instructor = (overrides: Record<string, string | undefined>) => lms.params({ roles: "Instructor", user_id: "teacher-1", ...overrides });

describe("LTI 1.1 launch origins (frame-ancestors)", () => {
  it("an ungraded launch lets the LMS that sent it frame Lantern from the page it lands on", async () => {
    installFrameOriginsLoader(selectLmsOrigins);
    expect(await frameOrigins()).not.toContain("https://moodle.school.edu");
    await launched(
      await lms.launch(
        instructor({
          launch_presentation_return_url: "https://moodle.school.edu/mod/lti/return.php?course=2&instanceid=5",
          tool_consumer_instance_url: "https://moodle.school.edu/",
        }),
      ),
    );
    // No outcome service in this launch: the return URL alone names the LMS.
    expect(await frameOrigins()).toContain("https://moodle.school.edu");
    expect((await selectOptionalConsumerByKey({ consumerKey: lms.consumerKey }))!.consumer.launchOrigins).toEqual(["https://moodle.school.edu"]);
    // The admin's consumer-keys page lists what was learned.
    const listed = (await listConsumerKeys({ authz: systemAuthz() })).find((k) => k.consumerKey === lms.consumerKey);
    expect(listed?.launchOrigins).toEqual(["https://moodle.school.edu"]);
  });

  it("never takes the unsigned Origin or Referer header, and a tampered return URL is refused before anything is kept", async () => {
    const response = await lms.launch(instructor({ launch_presentation_return_url: "https://moodle.school.edu/return" }), {
      tamper: (p: OAuthParam[]) => p.map(([k, v]) => [k, k === "launch_presentation_return_url" ? "https://evil.example/x" : v] as OAuthParam),
    });
    expect(response.status).toBe(400);
    // A student re-posting their own signed launch form from their site: the browser names that site, the signature holds.
    await launched(
      await lms.launch(instructor({ user_id: "student-replaying", launch_presentation_return_url: undefined }), {
        headers: { origin: "https://evil.example", referer: "https://evil.example/frame.html" },
      }),
    );
    expect(await selectLmsOrigins()).not.toContain("https://evil.example");
  });

  it("stops learning addresses past the cap, and a deactivated consumer's are no longer allowed", async () => {
    const other = await createTestConsumer({ key: "origins-busy" });
    for (let i = 0; i <= MAX_LAUNCH_ORIGINS; i++) {
      await launched(await other.launch(other.params({ user_id: `u-${i}`, launch_presentation_return_url: `https://lms${i}.example/return` })));
    }
    const origins = (await selectOptionalConsumerByKey({ consumerKey: other.consumerKey }))!.consumer.launchOrigins;
    expect(origins).toHaveLength(MAX_LAUNCH_ORIGINS);
    expect(origins).not.toContain(`https://lms${MAX_LAUNCH_ORIGINS}.example`);
    expect(await selectLmsOrigins()).toContain("https://lms0.example");
    await setConsumerKeyActive({ authz: systemAuthz(), consumerKey: other.consumerKey, active: false });
    expect(await selectLmsOrigins()).not.toContain("https://lms0.example");
  });
});
